// The survey year the app opens by default. Provinces run one self-assessment per year.
export const SURVEY_YEAR = 2025

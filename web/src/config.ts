// The survey year to open when the server's list of years (GET /api/years, web/src/years.ts) is not available
// yet and none was seen before on this device (first start offline). Normally the year comes from the server.
export const FALLBACK_SURVEY_YEAR = 2025

export { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_YEAR, demoOrgUnits, unitLabel, type DemoAccount } from './demo-province'
export { seedDemo, type SeedOptions, type SeedResult } from './seed-demo'
export { defaultHasRoster, demoRubric, demoYears, firstYearWhere, vietnamYear, type DemoYears } from './demo-years'

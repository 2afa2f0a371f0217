import fc from 'fast-check'
import { COVERAGE_LEVELS, type Roster, type Village } from '../../shared/roster'

/** The 2026 rubric's operators, and one the province no longer lists (its coverage must be ignored). */
export const OPERATORS = ['viettel', 'vnpt', 'mobifone'] as const
export const STALE_OPERATOR = 'sfone'

export const coverageArb = fc.record(
  { level: fc.constantFrom(...COVERAGE_LEVELS), weak: fc.boolean() },
  { requiredKeys: ['level'] },
)

export const villageArb: fc.Arbitrary<Village> = fc.record(
  {
    name: fc.constantFrom('Thôn 1', 'Thôn 2', 'Thôn 3', 'Làng Rêu', 'Bản Pác Ngòi', 'Tổ dân phố 5', 'Thôn Nam Thượng'),
    kind: fc.constantFrom('thon', 'ban', 'lang', 'to_dan_pho' as const),
    households: fc.integer({ min: 0, max: 400 }),
    coverage: fc.dictionary(fc.constantFrom(...OPERATORS, STALE_OPERATOR), coverageArb, { maxKeys: 4 }),
    fiber: fc.boolean(),
    publicWifi: fc.boolean(),
    digitalTeam: fc.boolean(),
    smartVillage: fc.boolean(),
    order: fc.integer({ min: 0, max: 100 }),
  },
  { requiredKeys: ['name', 'kind', 'coverage'] },
)

export const villageIdArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,8}$/)

export const rosterArb = (maxVillages = 40): fc.Arbitrary<Roster> => fc.dictionary(villageIdArb, villageArb, { maxKeys: maxVillages })

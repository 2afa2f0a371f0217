import { z } from 'zod'
import { Localized } from '../i18n'
import { OperatorId, ROSTER_MAX_OPERATORS, RosterOperator } from '../roster'
import { SurveyYearNumber } from '../survey-year'

/*
 * The rubric format of shared/domain/RUBRIC-FORMAT.md as zod schemas. Objects are strict so that a typo in a
 * province's uploaded rubric (`atleast`, `mandatroy`) is reported instead of silently changing the scoring.
 * Cross-references (ids, `atMost`, choice points per option) are checked by validateRubric.
 */

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'id: letters, digits, ".", "_" or "-" (≤ 64)')
/*
 * Every number has a bound that keeps scoring's arithmetic exact (issue 8): points carry two decimals, so at
 * most 10,000 points per indicator (10× the whole 2025 rubric) is 10^6 cents per indicator; thousands of
 * indicators times thousands of communes in a unit's dashboard counters (thousandths of a point) stay far below
 * 2^53. Step bounds compare with counts and ratios, both whole or ≤ 1, so ±2^53 is as far as they can matter.
 */
export const MAX_POINTS = 10_000
export const MAX_BOUND = Number.MAX_SAFE_INTEGER
const Points = z.number().finite().nonnegative().max(MAX_POINTS, `points: at most ${MAX_POINTS}`)
const Bound = z.number().finite().min(-MAX_BOUND, 'at least −2^53').max(MAX_BOUND, 'at most 2^53')

export const ProfileFact = z.strictObject({
  id: Id,
  label: Localized,
  unit: Localized,
  atMost: Id.optional(),
  mayBeZero: z.literal(true).optional(),
  /**
   * Computed from the village roster instead of typed (issue 13): `villages` = how many villages the roster
   * lists, `households` = the sum of their households (only when every village states its households). Needs
   * the rubric's `roster` section; officers cannot type it (validation.ts refuses it).
   */
  fromRoster: z.enum(['villages', 'households']).optional(),
})
export type ProfileFact = z.infer<typeof ProfileFact>

const ProfileRef = z.strictObject({ profile: Id })

export const RatioInput = z.strictObject({
  kind: z.literal('ratio'),
  numerator: Localized,
  denominator: z.union([ProfileRef, z.strictObject({ label: Localized })]),
})
export const CountInput = z.strictObject({
  kind: z.literal('count'),
  unit: Localized.optional(),
  max: ProfileRef.optional(),
})
export const BooleanInput = z.strictObject({ kind: z.literal('boolean') })
export const ChoiceOption = z.strictObject({ id: Id, label: Localized })
export const ChoiceInput = z.strictObject({
  kind: z.literal('choice'),
  // Bounded like every list scoring walks per answer (the 2025 rubric has at most 3 options and 4 steps).
  options: z.array(ChoiceOption).min(1).max(50),
})
/** The village flags a roster condition can test (shared/roster.ts Village). */
export const RosterFlag = z.enum(['fiber', 'publicWifi', 'digitalTeam', 'smartVillage'])
export type RosterFlag = z.infer<typeof RosterFlag>
/**
 * One test on a village. `coverage`: its signal reaches `atLeast` on `operator` (absent: on any of the rubric's
 * operators); a weak or intermittent signal counts unless `countWeak: false`. `flag`: the village's flag is true
 * (absent counts as false). `negate` turns the test around ("without 4G").
 */
export const RosterCondition = z.discriminatedUnion('test', [
  z.strictObject({
    test: z.literal('coverage'),
    atLeast: z.enum(['2g', '3g', '4g', '5g']),
    operator: OperatorId.optional(),
    countWeak: z.boolean().optional(),
    negate: z.literal(true).optional(),
  }),
  z.strictObject({ test: z.literal('flag'), flag: RosterFlag, negate: z.literal(true).optional() }),
])
export type RosterCondition = z.infer<typeof RosterCondition>
/**
 * An answer computed from the village roster (issue 13), never typed: `count` = the villages meeting every
 * condition of `where` (a CountAnswer), `share` = those villages over all villages (a RatioAnswer whose
 * denominator is the number of villages). Scored exactly as the same figures typed into a count or a ratio.
 */
export const RosterInput = z.strictObject({
  kind: z.literal('roster'),
  measure: z.enum(['count', 'share']),
  // AND of at most 5 tests: every village is tested once per condition, and 300 × 5 stays trivial per keystroke.
  where: z.array(RosterCondition).min(1).max(5),
  unit: Localized.optional(),
})
export const IndicatorInput = z.discriminatedUnion('kind', [RatioInput, CountInput, BooleanInput, ChoiceInput, RosterInput])
export type IndicatorInput = z.infer<typeof IndicatorInput>
export type RatioInput = z.infer<typeof RatioInput>
export type CountInput = z.infer<typeof CountInput>
export type ChoiceInput = z.infer<typeof ChoiceInput>
export type RosterInput = z.infer<typeof RosterInput>

export const Step = z.union([
  z.strictObject({ atLeast: Bound, points: Points }),
  z.strictObject({ atMost: Bound, points: Points }),
])
export type Step = z.infer<typeof Step>

export const RatioScoring = z.strictObject({
  kind: z.literal('ratio'),
  target: z.number().finite().positive().max(MAX_BOUND, 'target: at most 2^53'),
  points: Points,
})
export const StepsScoring = z.strictObject({ kind: z.literal('steps'), steps: z.array(Step).min(1).max(20) })
export const BooleanScoring = z.strictObject({ kind: z.literal('boolean'), points: Points })
export const ChoiceScoring = z.strictObject({ kind: z.literal('choice'), points: z.record(z.string(), Points) })
export const IndicatorScoring = z.discriminatedUnion('kind', [
  RatioScoring,
  StepsScoring,
  BooleanScoring,
  ChoiceScoring,
])
export type IndicatorScoring = z.infer<typeof IndicatorScoring>

export const Indicator = z.strictObject({
  id: Id,
  label: Localized,
  input: IndicatorInput,
  scoring: IndicatorScoring,
  mandatory: z.boolean(),
  evidence: Localized,
  whenDenominatorZero: z.literal('fullPoints').optional(),
})
export type Indicator = z.infer<typeof Indicator>

export const Group = z.strictObject({ id: Id, label: Localized, indicators: z.array(Indicator).min(1) })
export type Group = z.infer<typeof Group>

export const Pillar = z.strictObject({ id: Id, label: Localized, groups: z.array(Group).min(1) })
export type Pillar = z.infer<typeof Pillar>

export const Recognition = z.strictObject({
  minTotal: z.number().finite().nonnegative().max(MAX_BOUND, 'minTotal: at most 2^53'),
  minPillarShare: z.number().finite().min(0).max(1),
  mandatoryMustBeMet: z.boolean(),
})
export type Recognition = z.infer<typeof Recognition>

export const Rubric = z.strictObject({
  id: Id,
  year: SurveyYearNumber,
  // Stored under a six-digit sort key (storage/rubrics.ts rubricSort), and GET /rubrics/:year?version= says so too.
  version: z.number().int().positive().max(999_999),
  title: Localized,
  basis: Localized,
  profile: z.array(ProfileFact),
  recognition: Recognition,
  pillars: z.array(Pillar).min(1),
  /**
   * The year uses the village roster (issue 13): the operators whose coverage each village records, in the
   * order the form shows them. Present ⇒ officers keep a roster and `roster` inputs / `fromRoster` facts may
   * derive answers from it.
   */
  roster: z.strictObject({ operators: z.array(RosterOperator).min(1).max(ROSTER_MAX_OPERATORS) }).optional(),
})
export type Rubric = z.infer<typeof Rubric>

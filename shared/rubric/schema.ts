import { z } from 'zod'
import { Localized } from '../i18n'

/*
 * The rubric format of shared/domain/RUBRIC-FORMAT.md as zod schemas. Objects are strict so that a typo in a
 * province's uploaded rubric (`atleast`, `mandatroy`) is reported instead of silently changing the scoring.
 * Cross-references (ids, `atMost`, choice points per option) are checked by validateRubric.
 */

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'id: letters, digits, ".", "_" or "-" (≤ 64)')
const Points = z.number().finite().nonnegative()

export const ProfileFact = z.strictObject({
  id: Id,
  label: Localized,
  unit: Localized,
  atMost: Id.optional(),
  mayBeZero: z.literal(true).optional(),
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
  options: z.array(ChoiceOption).min(1),
})
export const IndicatorInput = z.discriminatedUnion('kind', [RatioInput, CountInput, BooleanInput, ChoiceInput])
export type IndicatorInput = z.infer<typeof IndicatorInput>
export type RatioInput = z.infer<typeof RatioInput>
export type CountInput = z.infer<typeof CountInput>
export type ChoiceInput = z.infer<typeof ChoiceInput>

export const Step = z.union([
  z.strictObject({ atLeast: z.number().finite(), points: Points }),
  z.strictObject({ atMost: z.number().finite(), points: Points }),
])
export type Step = z.infer<typeof Step>

export const RatioScoring = z.strictObject({
  kind: z.literal('ratio'),
  target: z.number().finite().positive(),
  points: Points,
})
export const StepsScoring = z.strictObject({ kind: z.literal('steps'), steps: z.array(Step).min(1) })
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
  minTotal: z.number().finite().nonnegative(),
  minPillarShare: z.number().finite().min(0).max(1),
  mandatoryMustBeMet: z.boolean(),
})
export type Recognition = z.infer<typeof Recognition>

export const Rubric = z.strictObject({
  id: Id,
  year: z.number().int().min(2000).max(2100),
  version: z.number().int().positive(),
  title: Localized,
  basis: Localized,
  profile: z.array(ProfileFact),
  recognition: Recognition,
  pillars: z.array(Pillar).min(1),
})
export type Rubric = z.infer<typeof Rubric>

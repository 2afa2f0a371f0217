import { z } from 'zod'

const Whole = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const Note = z.string().max(2000).optional()

/*
 * Answer shapes of RUBRIC-FORMAT.md. Which shape an indicator takes depends on its input kind; that match (and
 * every bound that depends on the profile) is checked by validateAnswer, not here.
 */
export const RatioAnswer = z.strictObject({ numerator: Whole, denominator: Whole.optional(), note: Note })
export const CountAnswer = z.strictObject({ count: Whole, note: Note })
export const BooleanAnswer = z.strictObject({ yes: z.boolean(), note: Note })
export const ChoiceAnswer = z.strictObject({ choice: z.string().min(1).max(64), note: Note })
export const Answer = z.union([RatioAnswer, CountAnswer, BooleanAnswer, ChoiceAnswer])
export type Answer = z.infer<typeof Answer>

export const Profile = z.record(z.string().min(1).max(64), Whole)
export type Profile = z.infer<typeof Profile>

export const Answers = z.record(z.string().min(1).max(64), Answer)
export type Answers = z.infer<typeof Answers>

export const AssessmentInput = z.object({ profile: Profile, answers: Answers })
export type AssessmentInput = z.infer<typeof AssessmentInput>

/** The review workflow extends this list; the foundation knows drafts and submissions. */
export const AssessmentStatus = z.enum(['draft', 'submitted'])
export type AssessmentStatus = z.infer<typeof AssessmentStatus>

export const Assessment = z.object({
  communeId: z.string().min(1),
  year: z.number().int(),
  status: AssessmentStatus,
  version: z.number().int().min(0),
  profile: Profile,
  answers: Answers,
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
})
export type Assessment = z.infer<typeof Assessment>

/** A patch names only what changed: a fact or answer set to null is removed; absent keys are left alone. */
export const AssessmentPatch = z.strictObject({
  version: z.number().int().min(0),
  profile: z.record(z.string().min(1).max(64), Whole.nullable()).optional(),
  answers: z.record(z.string().min(1).max(64), Answer.nullable()).optional(),
})
export type AssessmentPatch = z.infer<typeof AssessmentPatch>

export const emptyAssessment = (communeId: string, year: number): Assessment => ({
  communeId,
  year,
  status: 'draft',
  version: 0,
  profile: {},
  answers: {},
  updatedAt: null,
  updatedBy: null,
})

/** Applies a patch per fact and per indicator; returns a new object, never mutates. */
export function mergePatch(
  current: Pick<Assessment, 'profile' | 'answers'>,
  patch: Pick<AssessmentPatch, 'profile' | 'answers'>,
): { profile: Profile; answers: Answers } {
  const profile: Profile = { ...current.profile }
  for (const [id, value] of Object.entries(patch.profile ?? {})) {
    if (value === null) delete profile[id]
    else profile[id] = value
  }
  const answers: Answers = { ...current.answers }
  for (const [id, value] of Object.entries(patch.answers ?? {})) {
    if (value === null) delete answers[id]
    else answers[id] = value
  }
  return { profile, answers }
}

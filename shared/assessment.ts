import { z } from 'zod'
import { Roster, RosterPatch } from './roster'
import { RosterOrigin, RosterReviews } from './roster-review'

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
export type RatioAnswer = z.infer<typeof RatioAnswer>
export type CountAnswer = z.infer<typeof CountAnswer>
/**
 * "No answer yet", saved as such: the officer cleared the value, but what belongs to the indicator rather than
 * to the value (its note, a denominator typed for a ratio) stays with it. Scored and checked as unanswered.
 */
export const NoAnswer = z.strictObject({ noAnswer: z.literal(true), denominator: Whole.optional(), note: Note })
export type NoAnswer = z.infer<typeof NoAnswer>
export const Answer = z.union([RatioAnswer, CountAnswer, BooleanAnswer, ChoiceAnswer, NoAnswer])
export type Answer = z.infer<typeof Answer>
/** An answer that carries a value (not absent, not "no answer yet"). */
export type GivenAnswer = Exclude<Answer, NoAnswer>
export const isAnswered = (a: Answer | null | undefined): a is GivenAnswer => a != null && !('noAnswer' in a)

export const Profile = z.record(z.string().min(1).max(64), Whole)
export type Profile = z.infer<typeof Profile>

export const Answers = z.record(z.string().min(1).max(64), Answer)
export type Answers = z.infer<typeof Answers>

export const AssessmentInput = z.object({ profile: Profile, answers: Answers })
export type AssessmentInput = z.infer<typeof AssessmentInput>

/** docs/REVIEW.md "Workflow"; which action leads where is shared/workflow.ts. */
export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'returned', 'district_approved', 'district_rejected', 'recognised', 'not_recognised'] as const
export const AssessmentStatus = z.enum(ASSESSMENT_STATUSES)
export type AssessmentStatus = z.infer<typeof AssessmentStatus>

/** Free text a person writes into the record (reasons, comments): trimmed, never empty, bounded like notes. */
export const ReasonText = z.string().trim().min(1).max(2000)

export const ReviewDecision = z.enum(['accepted', 'adjusted', 'needs_evidence'])
export type ReviewDecision = z.infer<typeof ReviewDecision>

/**
 * A reviewer's verdict on one indicator. `answer` is the adjusted value (it replaces the officer's when scoring
 * the reviewed values); `officerAnswer` is the officer's answer the verdict was given on, so a resubmission
 * can tell which reviews still apply (docs/REVIEW.md "Per-indicator review").
 */
export const IndicatorReview = z.object({
  decision: ReviewDecision,
  answer: Answer.optional(),
  reason: z.string().max(2000).optional(),
  officerAnswer: Answer.optional(),
  by: z.string(),
  byName: z.string(),
  at: z.string(),
})
export type IndicatorReview = z.infer<typeof IndicatorReview>

/** The last district (return/approve/reject) or province (recognise/not_recognise) decision, for the pages. */
export const Decision = z.object({
  action: z.enum(['return', 'approve', 'reject', 'recognise', 'not_recognise']),
  by: z.string(),
  byName: z.string(),
  at: z.string(),
  reason: z.string().optional(),
  comment: z.string().optional(),
  decisionNumber: z.string().optional(),
  decisionDate: z.string().optional(),
  /** An approval of a commune that fails the recognition rule on its reviewed values (with `reason`). */
  notMeeting: z.boolean().optional(),
})
export type Decision = z.infer<typeof Decision>

export const Assessment = z.object({
  communeId: z.string().min(1),
  year: z.number().int(),
  status: AssessmentStatus,
  version: z.number().int().min(0),
  profile: Profile,
  answers: Answers,
  /** The village roster (shared/roster.ts), for years whose rubric has a `roster` section; absent before. */
  roster: Roster.optional(),
  /** The reviewer's adjusted village rows, by village id (shared/roster-review.ts). */
  rosterReviews: RosterReviews.optional(),
  /** Where this year's roster started from: last year's (functions/src/roster/carry-over.ts). */
  rosterFrom: RosterOrigin.optional(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** The display name of `updatedBy` at the time of that save: another device's page says who changed the form. */
  updatedByName: z.string().optional(),
  /**
   * The rubric version of the year this assessment was last saved or submitted with. Once submitted it is the
   * version that scores it for good; absent on data older than survey years (the year's latest applies).
   */
  rubricVersion: z.number().int().positive().optional(),
  // Review workflow (issue 3); absent on a draft that was never submitted.
  reviews: z.record(z.string(), IndicatorReview).optional(),
  submittedAt: z.string().optional(),
  submittedBy: z.string().optional(),
  districtDecision: Decision.optional(),
  provinceDecision: Decision.optional(),
})
export type Assessment = z.infer<typeof Assessment>

/**
 * The rubric version that scores this assessment for good: the one it was submitted with, once it is past the
 * officer's editing (a version published later never changes a verdict given on it). Undefined while it is a
 * draft or returned (it follows the year's current version, which it will be submitted with) and for data from
 * before rubric versions were recorded (the year's latest applies). The server and the pages both use this.
 */
export function recordedRubricVersion(assessment: Pick<Assessment, 'status' | 'rubricVersion'>): number | undefined {
  return assessment.status === 'draft' || assessment.status === 'returned' ? undefined : assessment.rubricVersion
}

/** A patch names only what changed: a fact or answer set to null is removed; absent keys are left alone. */
export const AssessmentPatch = z.strictObject({
  version: z.number().int().min(0),
  profile: z.record(z.string().min(1).max(64), Whole.nullable()).optional(),
  answers: z.record(z.string().min(1).max(64), Answer.nullable()).optional(),
  /** Per village and field (shared/roster.ts mergeRosterPatch). */
  roster: RosterPatch.optional(),
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

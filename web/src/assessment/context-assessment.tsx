import { createContext, useContext, type Accessor } from 'solid-js'
import type { FieldIssue } from '../../../shared/errors'
import type { Rubric } from '../../../shared/rubric/schema'
import type { Score } from '../../../shared/scoring'
import type { IndicatorReview } from '../api/contract'
import type { Comments } from '../review/comments'
import type { Draft } from './draft'

/** What every part of the assessment page reads: the rubric, the working copy and its live score. */
export type AssessmentModel = {
  rubric: Rubric
  draft: Draft
  score: Accessor<Score>
  /** validateProfile issues of the working copy, by fact id */
  profileIssues: Accessor<Map<string, FieldIssue[]>>
  /** issues the server returned for fields it refused, by field key prefix */
  serverIssues: (fieldPrefix: string) => FieldIssue[]
  /** the reviewer's per-indicator decisions (empty before the first review) */
  reviews: Accessor<Record<string, IndicatorReview>>
  /** the discussion, once the assessment has left the draft state (a draft has nobody to talk to) */
  comments: Comments | undefined
  /** whether the officer may write comments now (not once recognised) */
  canComment: Accessor<boolean>
}

const Ctx = createContext<AssessmentModel>()
export const AssessmentProvider = Ctx.Provider

export function useAssessment(): AssessmentModel {
  const model = useContext(Ctx)
  if (!model) throw new Error('useAssessment outside AssessmentProvider')
  return model
}

import { createContext, useContext, type Accessor } from 'solid-js'
import type { FieldIssue } from '../../../shared/errors'
import type { Rubric } from '../../../shared/rubric/schema'
import type { Score } from '../../../shared/scoring'
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
}

const Ctx = createContext<AssessmentModel>()
export const AssessmentProvider = Ctx.Provider

export function useAssessment(): AssessmentModel {
  const model = useContext(Ctx)
  if (!model) throw new Error('useAssessment outside AssessmentProvider')
  return model
}

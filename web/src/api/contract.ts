// Shapes of docs/REVIEW.md that the browser reads. Interim: once the review routes are in ApiType these are
// derived from the API instead (see review-api.ts), so the compiler checks them against the server.
import type { Answer } from '../../../shared/assessment'
import type { Score } from '../../../shared/scoring'

export type Status =
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'district_approved'
  | 'district_rejected'
  | 'recognised'
  | 'not_recognised'

export type Action =
  | 'edit'
  | 'submit'
  | 'review_indicator'
  | 'return'
  | 'approve'
  | 'reject'
  | 'recognise'
  | 'not_recognise'
  | 'reopen'
  | 'comment'

/** `system`: a write made by a tool (demo seed), not through the API */
export type Role = 'officer' | 'reviewer' | 'admin' | 'system'
export type Decision = 'accepted' | 'adjusted' | 'needs_evidence'

export type IndicatorReview = {
  decision: Decision
  answer?: Answer
  reason?: string
  by: string
  byName: string
  at: string
}

/** The last district (return/approve/reject) or province (recognise/not_recognise) decision. */
export type LastDecision = {
  action: 'return' | 'approve' | 'reject' | 'recognise' | 'not_recognise'
  by: string
  byName: string
  at: string
  reason?: string
  comment?: string
  decisionNumber?: string
  decisionDate?: string
}

export type Change = { field: string; from: unknown; to: unknown }

export type AuditEvent = {
  communeId: string
  year: number
  version: number
  at: string
  by: string
  byName: string
  role: Role
  action: Action | string
  changes?: Change[]
  reason?: string
  comment?: string
  indicatorId?: string
  decisionNumber?: string
  decisionDate?: string
}

export type Comment = {
  id: string
  indicatorId?: string
  text: string
  by: string
  byName: string
  role: Role
  at: string
  replyTo?: string
}

export type QueueSummary = { total: number; eligible: boolean; reviewedTotal?: number; reviewedEligible?: boolean }
export type QueueItem = {
  communeId: string
  communeName: string
  status: Status
  version: number
  updatedAt: string | null
  summary: QueueSummary
}

export type ReviewView = {
  assessment: {
    communeId: string
    year: number
    status: Status
    version: number
    profile: Record<string, number>
    answers: Record<string, Answer>
    updatedAt: string | null
    updatedBy: string | null
    reviews?: Record<string, IndicatorReview>
    districtDecision?: LastDecision
    provinceDecision?: LastDecision
  }
  score: Score
  reviews?: Record<string, IndicatorReview>
  reviewedScore?: Score
  allowedActions?: Action[]
}

export type Saved = { assessment: ReviewView['assessment']; summary: unknown }

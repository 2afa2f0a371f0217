import { ASSESSMENT_STATUSES, type AssessmentStatus } from './assessment'
import { ROLES, type Role } from './roles'

/*
 * The review workflow of docs/REVIEW.md as one table, pure. The server checks every request against it
 * (role, then current status); the web asks it which buttons to show. Nothing else decides transitions.
 */

export type WorkflowRole = Role
export { ASSESSMENT_STATUSES }

export const WORKFLOW_ACTIONS = [
  'edit',
  'submit',
  'review_indicator',
  'return',
  'approve',
  'reject',
  'recognise',
  'not_recognise',
  'reopen',
  'comment',
] as const
export type Action = (typeof WORKFLOW_ACTIONS)[number]

type Rule = { roles: readonly WorkflowRole[]; from: readonly AssessmentStatus[]; to: AssessmentStatus | 'same' }

/** docs/REVIEW.md "Workflow", row by row. `same` = the action changes content, not status. */
export const TRANSITIONS: Readonly<Record<Action, Rule>> = {
  edit: { roles: ['officer'], from: ['draft', 'returned'], to: 'same' },
  submit: { roles: ['officer'], from: ['draft', 'returned'], to: 'submitted' },
  review_indicator: { roles: ['reviewer'], from: ['submitted'], to: 'same' },
  return: { roles: ['reviewer'], from: ['submitted'], to: 'returned' },
  approve: { roles: ['reviewer'], from: ['submitted'], to: 'district_approved' },
  reject: { roles: ['reviewer'], from: ['submitted'], to: 'district_rejected' },
  recognise: { roles: ['admin'], from: ['district_approved'], to: 'recognised' },
  not_recognise: { roles: ['admin'], from: ['district_approved'], to: 'not_recognised' },
  reopen: { roles: ['admin'], from: ['recognised', 'not_recognised', 'district_rejected'], to: 'submitted' },
  // Recognised is locked: not even a comment.
  comment: {
    roles: ROLES,
    from: ['draft', 'submitted', 'returned', 'district_approved', 'district_rejected', 'not_recognised'],
    to: 'same',
  },
}

/** The actions this role may take on an assessment in this status (scope is the server's business). */
export function allowedActions(role: WorkflowRole, status: AssessmentStatus): Action[] {
  return WORKFLOW_ACTIONS.filter((a) => TRANSITIONS[a].roles.includes(role) && TRANSITIONS[a].from.includes(status))
}

/** Where `action` leads from `status`, whoever takes it; undefined when the action is not possible there. */
export function nextStatus(status: AssessmentStatus, action: Action): AssessmentStatus | undefined {
  const rule = TRANSITIONS[action]
  if (!rule.from.includes(status)) return undefined
  return rule.to === 'same' ? status : rule.to
}

export type TransitionCheck =
  | { ok: true; to: AssessmentStatus }
  | { ok: false; code: 'forbidden' | 'invalid_transition'; message: string }

/** Role first (403 whatever the status), then status (409 naming the status and what is possible from it). */
export function checkTransition(role: WorkflowRole, status: AssessmentStatus, action: Action): TransitionCheck {
  const rule = TRANSITIONS[action]
  if (!rule.roles.includes(role))
    return { ok: false, code: 'forbidden', message: `A ${role} cannot ${action.replace('_', ' ')} an assessment` }
  const to = nextStatus(status, action)
  if (to === undefined) {
    const allowed = allowedActions(role, status)
    return {
      ok: false,
      code: 'invalid_transition',
      message: `Cannot ${action.replace('_', ' ')} an assessment that is ${status}; allowed now: ${allowed.length > 0 ? allowed.join(', ') : 'nothing'}`,
    }
  }
  return { ok: true, to }
}

/*
 * District approval (docs/REVIEW.md): the reviewer vouches for every value, so every indicator must carry a
 * verdict and no evidence request may still be open. The page shows this before the button; the server refuses
 * an approval that breaks it.
 */
export type ApprovalReadiness = {
  total: number
  reviewed: number
  /** Indicators without a verdict, in rubric order. */
  unreviewed: string[]
  /** Indicators whose verdict asks the commune for more evidence. */
  openEvidence: string[]
  ready: boolean
}

export function approvalReadiness(
  indicatorIds: readonly string[],
  reviews: Readonly<Record<string, { decision: string }>> | undefined,
): ApprovalReadiness {
  const unreviewed: string[] = []
  const openEvidence: string[] = []
  for (const id of indicatorIds) {
    const r = reviews?.[id]
    if (!r) unreviewed.push(id)
    else if (r.decision === 'needs_evidence') openEvidence.push(id)
  }
  const reviewed = indicatorIds.length - unreviewed.length
  return { total: indicatorIds.length, reviewed, unreviewed, openEvidence, ready: unreviewed.length === 0 && openEvidence.length === 0 }
}

export type ApprovalRequest = { notMeeting?: boolean | undefined; reason?: string | undefined }
export type ApprovalCheck =
  | { ok: true; notMeeting: boolean }
  | { ok: false; code: 'not_reviewed' | 'not_eligible' | 'validation'; field?: string; message: string }

/**
 * May this assessment be approved with this request? Readiness first; then a commune that fails the recognition
 * rule on its reviewed values is approved only as "not meeting" with a reason, and one that meets it never is.
 */
export function checkApproval(readiness: ApprovalReadiness, eligible: boolean, request: ApprovalRequest): ApprovalCheck {
  if (readiness.unreviewed.length > 0)
    return { ok: false, code: 'not_reviewed', message: `${readiness.unreviewed.length} of ${readiness.total} indicators are not reviewed yet` }
  if (readiness.openEvidence.length > 0)
    return { ok: false, code: 'not_reviewed', message: `${readiness.openEvidence.length} evidence requests are still open` }
  if (!eligible && !request.notMeeting)
    return {
      ok: false,
      code: 'not_eligible',
      field: 'notMeeting',
      message: 'The reviewed values do not meet the recognition rule: approve it as not meeting (notMeeting: true) with a reason',
    }
  if (eligible && request.notMeeting)
    return { ok: false, code: 'validation', field: 'notMeeting', message: 'The reviewed values meet the recognition rule: it cannot be approved as not meeting' }
  if (request.notMeeting && !request.reason?.trim())
    return { ok: false, code: 'validation', field: 'reason', message: 'Approving as not meeting needs a reason' }
  return { ok: true, notMeeting: !!request.notMeeting }
}

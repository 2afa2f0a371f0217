import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AssessmentStatus } from '../../shared/assessment'
import { allowedActions, ASSESSMENT_STATUSES, checkTransition, nextStatus, WORKFLOW_ACTIONS, type Action, type WorkflowRole } from '../../shared/workflow'

/*
 * docs/REVIEW.md's transition table, restated here by hand (status → what each role may do), and checked against
 * shared/workflow.ts from every state a random sequence of permitted actions can reach.
 */
const ROLES: WorkflowRole[] = ['officer', 'reviewer', 'admin']
const ALL_BUT_RECOGNISED = ASSESSMENT_STATUSES.filter((s) => s !== 'recognised')

const SPEC: Record<WorkflowRole, Record<AssessmentStatus, Action[]>> = {
  officer: {
    draft: ['edit', 'submit', 'comment'],
    returned: ['edit', 'submit', 'comment'],
    submitted: ['comment'],
    district_approved: ['comment'],
    district_rejected: ['comment'],
    not_recognised: ['comment'],
    recognised: [],
  },
  reviewer: {
    draft: ['comment'],
    returned: ['comment'],
    submitted: ['review_indicator', 'return', 'approve', 'reject', 'comment'],
    district_approved: ['comment'],
    district_rejected: ['comment'],
    not_recognised: ['comment'],
    recognised: [],
  },
  admin: {
    draft: ['comment'],
    returned: ['comment'],
    submitted: ['comment'],
    district_approved: ['recognise', 'not_recognise', 'comment'],
    district_rejected: ['reopen', 'comment'],
    not_recognised: ['reopen', 'comment'],
    recognised: ['reopen'],
  },
}

const TARGET: Partial<Record<Action, AssessmentStatus>> = {
  submit: 'submitted',
  return: 'returned',
  approve: 'district_approved',
  reject: 'district_rejected',
  recognise: 'recognised',
  not_recognise: 'not_recognised',
  reopen: 'submitted',
}

/** Roles that may take the action in some status, per the spec. */
const rolesOf = (action: Action) => ROLES.filter((r) => Object.values(SPEC[r]).some((list) => list.includes(action)))

const step = fc.tuple(fc.constantFrom(...ROLES), fc.constantFrom(...WORKFLOW_ACTIONS))

function checkState(status: AssessmentStatus): void {
  for (const role of ROLES) {
    expect(new Set(allowedActions(role, status)), `${role} @ ${status}`).toEqual(new Set(SPEC[role][status]))
    for (const action of WORKFLOW_ACTIONS) {
      const check = checkTransition(role, status, action)
      if (SPEC[role][status].includes(action)) {
        expect(check).toEqual({ ok: true, to: TARGET[action] ?? status })
      } else if (!rolesOf(action).includes(role)) {
        expect(check, `${role} ${action} @ ${status}`).toMatchObject({ ok: false, code: 'forbidden' })
      } else {
        expect(check, `${role} ${action} @ ${status}`).toMatchObject({ ok: false, code: 'invalid_transition' })
        // The refusal names the status and what is possible instead.
        if (!check.ok) expect(check.message).toContain(status)
      }
    }
  }
}

describe('workflow transition table (property)', () => {
  it('from every reachable state, each role may do exactly what the table says', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let status: AssessmentStatus = 'draft'
        checkState(status)
        for (const [role, action] of steps) {
          const check = checkTransition(role, status, action)
          if (!check.ok) continue
          expect(nextStatus(status, action)).toBe(check.to)
          status = check.to
          checkState(status)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('every status is reachable from a draft, and the table is total over statuses × actions', () => {
    const seen = new Set<AssessmentStatus>(['draft'])
    let frontier: AssessmentStatus[] = ['draft']
    while (frontier.length > 0) {
      const next: AssessmentStatus[] = []
      for (const s of frontier)
        for (const role of ROLES)
          for (const a of allowedActions(role, s)) {
            const to = nextStatus(s, a)!
            if (!seen.has(to)) (seen.add(to), next.push(to))
          }
      frontier = next
    }
    expect([...seen].sort()).toEqual([...ASSESSMENT_STATUSES].sort())
    for (const s of ASSESSMENT_STATUSES)
      for (const a of WORKFLOW_ACTIONS) {
        const to = nextStatus(s, a)
        if (to !== undefined) expect(ASSESSMENT_STATUSES).toContain(to)
      }
  })

  it('recognised is locked: nothing but reopen, for anyone', () => {
    for (const role of ROLES)
      for (const action of WORKFLOW_ACTIONS)
        if (action !== 'reopen') expect(checkTransition(role, 'recognised', action).ok, `${role} ${action}`).toBe(false)
    expect(checkTransition('admin', 'recognised', 'reopen')).toEqual({ ok: true, to: 'submitted' })
  })

  it('comments are open in every status but recognised, to every role', () => {
    for (const role of ROLES) for (const s of ALL_BUT_RECOGNISED) expect(allowedActions(role, s)).toContain('comment')
  })
})

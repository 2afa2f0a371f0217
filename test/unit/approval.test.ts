import { describe, expect, it } from 'vitest'
import { approvalReadiness, checkApproval } from '../../shared/workflow'

const ids = ['A1.1', 'A1.2', 'A3.1']

describe('approvalReadiness', () => {
  it('lists unreviewed indicators and open evidence requests in rubric order', () => {
    const r = approvalReadiness(ids, { 'A3.1': { decision: 'needs_evidence' }, 'A1.1': { decision: 'accepted' } })
    expect(r).toEqual({ total: 3, reviewed: 2, unreviewed: ['A1.2'], openEvidence: ['A3.1'], ready: false })
    expect(approvalReadiness(ids, undefined)).toMatchObject({ reviewed: 0, unreviewed: ids, ready: false })
    expect(approvalReadiness(ids, { 'A1.1': { decision: 'accepted' }, 'A1.2': { decision: 'adjusted' }, 'A3.1': { decision: 'accepted' } }).ready).toBe(true)
  })
})

describe('checkApproval', () => {
  const ready = approvalReadiness(ids, Object.fromEntries(ids.map((id) => [id, { decision: 'accepted' }])))
  it('refuses while anything is unreviewed or an evidence request is open, whatever the request says', () => {
    const partial = approvalReadiness(ids, { 'A1.1': { decision: 'accepted' } })
    expect(checkApproval(partial, true, {})).toMatchObject({ ok: false, code: 'not_reviewed' })
    const evidence = approvalReadiness(ids, { 'A1.1': { decision: 'accepted' }, 'A1.2': { decision: 'accepted' }, 'A3.1': { decision: 'needs_evidence' } })
    expect(checkApproval(evidence, false, { notMeeting: true, reason: 'x' })).toMatchObject({ ok: false, code: 'not_reviewed' })
  })
  it('a commune failing the rule is approved only as not meeting, with a reason; one meeting it never as not meeting', () => {
    expect(checkApproval(ready, false, {})).toMatchObject({ ok: false, code: 'not_eligible', field: 'notMeeting' })
    expect(checkApproval(ready, false, { notMeeting: true })).toMatchObject({ ok: false, code: 'validation', field: 'reason' })
    expect(checkApproval(ready, false, { notMeeting: true, reason: '  ' })).toMatchObject({ ok: false, field: 'reason' })
    expect(checkApproval(ready, false, { notMeeting: true, reason: 'A1.3 chưa đạt' })).toEqual({ ok: true, notMeeting: true })
    expect(checkApproval(ready, true, { notMeeting: true, reason: 'x' })).toMatchObject({ ok: false, field: 'notMeeting' })
    expect(checkApproval(ready, true, {})).toEqual({ ok: true, notMeeting: false })
  })
})

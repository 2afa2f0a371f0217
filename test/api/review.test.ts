import { beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { flattenIndicators } from '../../shared/rubric/walk'
import { assessmentPath, call, makeApp, PASSWORD, seedFixtures, tokensFor, units, type AccountName, type TestApp } from './harness'
import { act, addCommunes, approve, approved, rubric, freshYear, perfectAnswers, profile, submitted, type Tokens } from './review-fixtures'

/* docs/REVIEW.md end to end against DynamoDB Local: the workflow, its checks, the audit log and the comments. */

let app: TestApp
let store: Store
let t: Record<AccountName, string>
const own = units.sonDung.id
const path = (communeId: string, year: number, rest = '') => `${assessmentPath(communeId, year)}${rest}`
const fieldsOf = (body: any): string[] => (body.error.fields ?? []).map((f: { field: string }) => f.field).sort()

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  let tick = Date.parse('2025-05-01T00:00:00.000Z')
  // A clock that moves, so events and comments have distinct, ordered times.
  app = makeApp(store, { clock: () => new Date((tick += 1000)) })
  t = await tokensFor(app, 'officer', 'otherOfficer', 'islandOfficer', 'reviewer', 'otherReviewer', 'admin')
})

const get = async (token: string, communeId: string, year: number) => (await call(app, 'GET', path(communeId, year), { token })).body
const events = async (year: number, communeId = own) => (await call(app, 'GET', path(communeId, year, '/timeline'), { token: t.admin })).body.events as any[]

describe('officer submits → reviewer returns an indicator with a comment → officer fixes and resubmits → reviewer approves → admin recognises', () => {
  it('walks the whole workflow, keeps reviews of unchanged answers, and logs every step with its changes', async () => {
    const y = await freshYear(store)
    const answers = perfectAnswers()
    const v2 = await submitted(app, t.officer, own, y, answers)
    expect(v2).toBe(2)

    // The reviewer accepts one indicator and asks for evidence on another, then returns the form.
    let res = await call(app, 'POST', path(own, y, '/reviews/A1.2'), { token: t.reviewer, body: { version: 2, decision: 'accepted' } })
    expect(res.status).toBe(200)
    res = await call(app, 'POST', path(own, y, '/reviews/A3.1'), {
      token: t.reviewer,
      body: { version: 3, decision: 'needs_evidence', reason: 'Thiếu danh sách hộ có cáp quang' },
    })
    expect(res.status).toBe(200)
    expect(res.body.summary).toMatchObject({ reviewedTotal: expect.any(Number), reviewedEligible: true })
    res = await act(app, t.reviewer, own, y, 'return', { version: 4, comment: 'Bổ sung minh chứng chỉ tiêu A3.1' })
    expect(res.status).toBe(200)
    expect(res.body.assessment).toMatchObject({ status: 'returned', version: 5, districtDecision: { action: 'return', byName: 'Phạm Văn D' } })

    // The officer sees the return: status, the verdicts, the comment, and may edit again.
    const seen = await get(t.officer, own, y)
    expect(seen.assessment.status).toBe('returned')
    expect(seen.allowedActions).toEqual(['edit', 'submit', 'comment'])
    expect(seen.reviews['A3.1']).toMatchObject({ decision: 'needs_evidence', reason: 'Thiếu danh sách hộ có cáp quang' })
    const comments = (await call(app, 'GET', path(own, y, '/comments'), { token: t.officer })).body.comments
    expect(comments).toEqual([expect.objectContaining({ text: 'Bổ sung minh chứng chỉ tiêu A3.1', role: 'reviewer', byName: 'Phạm Văn D' })])

    const fixed = { numerator: profile.households! - 10, note: 'Đã bổ sung danh sách' }
    res = await call(app, 'PATCH', path(own, y), { token: t.officer, body: { version: 5, answers: { 'A3.1': fixed } } })
    expect(res.status).toBe(200)
    res = await call(app, 'POST', path(own, y, '/submit'), { token: t.officer, body: { version: 6 } })
    expect(res.status).toBe(200)
    // The verdict on the changed answer is dropped; the one on the unchanged answer stays.
    expect(Object.keys(res.body.reviews)).toEqual(['A1.2'])
    expect(res.body.assessment).toMatchObject({ status: 'submitted', version: 7 })

    // Approval needs every indicator reviewed (shared/workflow.ts checkApproval): refused, nothing written.
    const total = flattenIndicators(rubric).length
    res = await act(app, t.reviewer, own, y, 'approve', { version: 7 })
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'not_reviewed', details: { reviewed: 1, total }, fields: [{ field: 'reviews' }] })
    expect(res.body.error.fields[0].message.vi).toContain(`còn ${total - 1} chỉ tiêu chưa thẩm định`)
    // Accept all remaining: one version, one event naming every indicator it accepted.
    res = await act(app, t.reviewer, own, y, 'reviews/accept-remaining', { version: 7 })
    expect(res.status).toBe(200)
    expect(res.body.accepted).toHaveLength(total - 1)
    expect(res.body.accepted).not.toContain('A1.2')
    expect(res.body.assessment.version).toBe(8)
    expect(Object.values(res.body.assessment.reviews).every((r: any) => r.decision === 'accepted')).toBe(true)
    expect((await act(app, t.reviewer, own, y, 'reviews/accept-remaining', { version: 8 })).status).toBe(409)

    res = await act(app, t.reviewer, own, y, 'approve', { version: 8 })
    expect(res.status).toBe(200)
    expect(res.body.assessment.status).toBe('district_approved')
    res = await act(app, t.admin, own, y, 'recognise', { version: 9, decisionNumber: '123/QĐ-UBND', decisionDate: '2025-06-30' })
    expect(res.status).toBe(200)
    expect(res.body.assessment).toMatchObject({
      status: 'recognised',
      version: 10,
      provinceDecision: { action: 'recognise', decisionNumber: '123/QĐ-UBND', decisionDate: '2025-06-30', byName: 'Nguyễn Văn F' },
    })

    // Every step, oldest first, with who, role and old → new.
    const log = await events(y)
    expect(log.map((e) => [e.version, e.action, e.role])).toEqual([
      [1, 'edit', 'officer'],
      [2, 'submit', 'officer'],
      [3, 'review_indicator', 'reviewer'],
      [4, 'review_indicator', 'reviewer'],
      [5, 'return', 'reviewer'],
      [6, 'edit', 'officer'],
      [7, 'submit', 'officer'],
      [8, 'review_indicator', 'reviewer'],
      [9, 'approve', 'reviewer'],
      [10, 'recognise', 'admin'],
    ])
    expect(log[0].changes).toEqual(expect.arrayContaining([{ field: 'profile.households', from: null, to: profile.households }]))
    expect(log[0].changes).toHaveLength(Object.keys(profile).length + Object.keys(answers).length)
    expect(log[3]).toMatchObject({ indicatorId: 'A3.1', reason: 'Thiếu danh sách hộ có cáp quang', changes: [{ field: 'reviews.A3.1', from: null }] })
    expect(log[4]).toMatchObject({ comment: 'Bổ sung minh chứng chỉ tiêu A3.1', changes: [{ field: 'status', from: 'submitted', to: 'returned' }] })
    expect(log[5]).toMatchObject({ byName: 'Đinh Văn A', changes: [{ field: 'answers.A3.1', from: answers['A3.1'], to: fixed }] })
    expect(log[6].changes).toEqual([{ field: 'reviews.A3.1', from: expect.objectContaining({ decision: 'needs_evidence' }), to: null }])
    expect(log[7].changes).toHaveLength(total - 1)
    expect(log[7].changes[0]).toEqual({ field: `reviews.${flattenIndicators(rubric)[0]!.indicator.id}`, from: null, to: { decision: 'accepted' } })
    expect(log[9]).toMatchObject({ decisionNumber: '123/QĐ-UBND', changes: [{ field: 'status', from: 'district_approved', to: 'recognised' }] })
    expect(new Set(log.map((e) => e.at)).size).toBe(log.length)

    // Recognised is locked: no edit, no review, no comment; only the admin's reopen.
    for (const [token, method, suffix, body] of [
      [t.officer, 'PATCH', '', { version: 10, profile: { households: 1 } }],
      [t.officer, 'POST', '/submit', { version: 10 }],
      [t.reviewer, 'POST', '/reviews/A1.2', { version: 10, decision: 'accepted' }],
      [t.reviewer, 'POST', '/reviews/accept-remaining', { version: 10 }],
      [t.reviewer, 'POST', '/approve', { version: 10 }],
      [t.officer, 'POST', '/comments', { text: 'Cảm ơn' }],
    ] as const) {
      const r = await call(app, method, path(own, y, suffix), { token, body })
      expect(r.status, `${method} ${suffix}`).toBe(409)
    }
    expect((await get(t.admin, own, y)).allowedActions).toEqual(['reopen'])
    expect((await get(t.officer, own, y)).allowedActions).toEqual([])
    expect(await events(y)).toHaveLength(10)
  })
})

describe('every transition is checked: role and scope (403), status (409 invalid_transition), version (409)', () => {
  it('refuses the wrong role whatever the status, and the wrong scope', async () => {
    const y = await freshYear(store)
    const v = await submitted(app, t.officer, own, y)
    const cases: [AccountName, string, Record<string, unknown>][] = [
      ['officer', 'approve', { version: v }],
      ['officer', 'reviews/A1.2', { version: v, decision: 'accepted' }],
      ['admin', 'approve', { version: v }],
      ['admin', 'return', { version: v, comment: 'x' }],
      ['reviewer', 'recognise', { version: v }],
      ['reviewer', 'reopen', { version: v, reason: 'x' }],
      ['officer', 'not-recognise', { version: v, reason: 'x' }],
      ['otherReviewer', 'approve', { version: v }], // Lý Sơn's reviewer, Sơn Tây's commune
      ['islandOfficer', 'comments', { text: 'x' }],
    ]
    for (const [who, action, body] of cases) {
      const res = await act(app, t[who], own, y, action, body)
      expect(res.status, `${who} ${action}`).toBe(403)
      expect(res.body.error.code).toBe('forbidden')
    }
    for (const suffix of ['/timeline', '/comments', '/previous'])
      expect((await call(app, 'GET', path(own, y, suffix), { token: t.otherReviewer })).status, suffix).toBe(403)
    expect((await act(app, t.reviewer, 'no-such-commune', y, 'approve', { version: 1 })).status).toBe(404)
    await approve(app, t.reviewer, own, y, v)
    expect((await events(y)).length).toBe(4)
  })

  it('refuses an action the status does not allow, naming the status and what is allowed', async () => {
    const y = await freshYear(store)
    const draft = await call(app, 'PATCH', path(own, y), { token: t.officer, body: { version: 0, profile } })
    expect(draft.status).toBe(200)
    let res = await act(app, t.reviewer, own, y, 'approve', { version: 1 })
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: 'invalid_transition', details: { status: 'draft', allowedActions: ['comment'] } })
    expect(res.body.error.message).toContain('draft')
    res = await act(app, t.admin, own, y, 'reopen', { version: 1, reason: 'x' })
    expect(res.body.error).toMatchObject({ code: 'invalid_transition', details: { status: 'draft' } })
    const v = await call(app, 'POST', path(own, y, '/submit'), { token: t.officer, body: { version: 1 } })
    expect(v.status).toBe(422) // incomplete: still the officer's check
    res = await act(app, t.admin, own, y, 'recognise', { version: 1 })
    expect(res.body.error).toMatchObject({ code: 'invalid_transition', details: { status: 'draft', allowedActions: ['comment'] } })
    // An assessment that does not exist yet is a version-0 draft.
    const y2 = await freshYear(store)
    res = await act(app, t.reviewer, own, y2, 'reject', { version: 0, reason: 'x' })
    expect(res.body.error).toMatchObject({ code: 'invalid_transition', details: { status: 'draft' } })
    expect(await events(y)).toHaveLength(1)
  })

  it('refuses a stale version with the current one, and writes nothing', async () => {
    const y = await freshYear(store)
    const v = await submitted(app, t.officer, own, y)
    const res = await act(app, t.reviewer, own, y, 'reject', { version: v - 1, reason: 'Số liệu không khớp' })
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: 'version_conflict', details: { currentVersion: v } })
    expect((await get(t.reviewer, own, y)).assessment).toMatchObject({ status: 'submitted', version: v })
    expect(await events(y)).toHaveLength(2)
  })
})

describe('every input is validated: 4xx naming the field, never 500, nothing written', () => {
  it('bodies of the decision and review routes', async () => {
    const y = await freshYear(store)
    const v = await submitted(app, t.officer, own, y)
    const cases: [AccountName, string, unknown, number, string[]][] = [
      ['reviewer', 'return', { version: v, comment: '   ' }, 400, ['comment']],
      ['reviewer', 'return', { version: v }, 400, ['comment']],
      ['reviewer', 'reject', { version: v }, 400, ['reason']],
      ['reviewer', 'reject', { version: v, reason: 'x'.repeat(2001) }, 400, ['reason']],
      ['reviewer', 'approve', { version: -1 }, 400, ['version']],
      ['reviewer', 'approve', { version: v, extra: 1 }, 400, ['extra']],
      ['reviewer', 'approve', 'not json', 400, []], // malformed JSON: bad_request, as everywhere
      ['reviewer', 'reviews/A3.1', { version: v, decision: 'adjusted', reason: 'x' }, 400, ['answer']],
      ['reviewer', 'reviews/A3.1', { version: v, decision: 'adjusted', answer: { numerator: 1 } }, 400, ['reason']],
      ['reviewer', 'reviews/A3.1', { version: v, decision: 'needs_evidence' }, 400, ['reason']],
      ['reviewer', 'reviews/A3.1', { version: v, decision: 'maybe' }, 400, ['decision']],
      ['reviewer', 'reviews/A3.1', { version: v, decision: 'adjusted', answer: { numerator: profile.households! + 1 }, reason: 'x' }, 422, ['answer.numerator']],
      ['reviewer', 'reviews/A3.1', { version: v, decision: 'adjusted', answer: { yes: true }, reason: 'x' }, 422, ['answer']],
      ['reviewer', 'reviews/Z9', { version: v, decision: 'accepted' }, 400, ['indicatorId']],
    ]
    for (const [who, action, body, status, fields] of cases) {
      const res =
        typeof body === 'string'
          ? await call(app, 'POST', path(own, y, `/${action}`), { token: t[who], rawBody: body })
          : await act(app, t[who], own, y, action, body as Record<string, unknown>)
      expect(res.status, `${action} ${JSON.stringify(body)}`).toBe(status)
      expect(fieldsOf(res.body), `${action} ${JSON.stringify(body)}`).toEqual(fields)
    }
    const approvedV = await approve(app, t.reviewer, own, y, v)
    for (const [body, fields] of [
      [{ version: approvedV, decisionDate: '2025-02-30' }, ['decisionDate']],
      [{ version: approvedV, decisionDate: '30/06/2025' }, ['decisionDate']],
      [{ version: approvedV, decisionNumber: '' }, ['decisionNumber']],
    ] as const) {
      const res = await act(app, t.admin, own, y, 'recognise', body)
      expect(res.status).toBe(400)
      expect(fieldsOf(res.body)).toEqual(fields)
    }
    expect((await get(t.admin, own, y)).assessment).toMatchObject({ status: 'district_approved', version: approvedV })
    expect(await events(y)).toHaveLength(4)
  })

  it('bad path params and queries name the parameter', async () => {
    expect(fieldsOf((await call(app, 'GET', `/api/communes/${own}/assessments/1999/timeline`, { token: t.admin })).body)).toEqual(['year'])
    for (const [q, field] of [
      ['year=abc', 'year'],
      ['year=2025&limit=0', 'limit'],
      ['year=2025&limit=101', 'limit'],
      ['year=2025&status=done', 'status'],
    ]) {
      const res = await call(app, 'GET', `/api/review/queue?${q}`, { token: t.reviewer })
      expect(res.status, q).toBe(400)
      expect(fieldsOf(res.body)).toEqual([field])
    }
  })
})

describe('recognition is judged on the reviewed values', () => {
  it('refuses with 422 not_eligible and the failing rules when an adjustment breaks the rule, though the officer’s values meet it', async () => {
    const y = await freshYear(store)
    const v = await submitted(app, t.officer, own, y)
    let res = await call(app, 'POST', path(own, y, '/reviews/A1.3'), {
      token: t.reviewer,
      body: { version: v, decision: 'adjusted', answer: { yes: false }, reason: 'Chưa có quyết định thành lập tổ công nghệ số' },
    })
    expect(res.status).toBe(200)
    expect(res.body.summary).toMatchObject({ eligible: true, reviewedEligible: false })
    res = await act(app, t.reviewer, own, y, 'reviews/accept-remaining', { version: v + 1 })
    expect(res.status).toBe(200)
    // Failing the rule on reviewed values, it is approved only as "not meeting", with a reason (shared/workflow.ts).
    res = await act(app, t.reviewer, own, y, 'approve', { version: v + 2, comment: 'Đồng ý, lưu ý A1.3' })
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'not_eligible', fields: [{ field: 'notMeeting' }] })
    res = await act(app, t.reviewer, own, y, 'approve', { version: v + 2, notMeeting: true })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.body)).toEqual(['reason'])
    res = await act(app, t.reviewer, own, y, 'approve', { version: v + 2, notMeeting: true, reason: 'A1.3 chưa có quyết định', comment: 'Đồng ý, lưu ý A1.3' })
    expect(res.status).toBe(200)
    expect(res.body.assessment.districtDecision).toMatchObject({ action: 'approve', notMeeting: true, reason: 'A1.3 chưa có quyết định' })

    const view = await get(t.admin, own, y)
    expect(view.score.verdict.eligible).toBe(true)
    expect(view.reviewedScore.verdict.eligible).toBe(false)
    expect(view.allowedActions).toEqual(['recognise', 'not_recognise', 'comment'])

    res = await act(app, t.admin, own, y, 'recognise', { version: v + 3 })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('not_eligible')
    expect(res.body.error.details.failures).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'mandatory', subject: 'A1.3' })]))
    expect((await get(t.admin, own, y)).assessment.status).toBe('district_approved')

    res = await act(app, t.admin, own, y, 'not-recognise', { version: v + 3, reason: 'A1.3 chưa đạt' })
    expect(res.body.assessment).toMatchObject({ status: 'not_recognised', provinceDecision: { action: 'not_recognise', reason: 'A1.3 chưa đạt' } })
    res = await act(app, t.admin, own, y, 'reopen', { version: v + 4, reason: 'Xã đã bổ sung quyết định' })
    expect(res.body.assessment.status).toBe('submitted')
    expect(res.body.assessment.provinceDecision).toBeUndefined()
    expect(res.body.assessment.reviews['A1.3'].decision).toBe('adjusted')
    expect((await events(y)).map((e) => e.action).slice(-4)).toEqual(['review_indicator', 'approve', 'not_recognise', 'reopen'])
  })

  it('reject and reopen: district_rejected goes back to submitted with the reason logged', async () => {
    const y = await freshYear(store)
    const v = await submitted(app, t.officer, own, y)
    let res = await act(app, t.reviewer, own, y, 'reject', { version: v, reason: 'Số liệu không trung thực' })
    expect(res.body.assessment).toMatchObject({ status: 'district_rejected', districtDecision: { action: 'reject', reason: 'Số liệu không trung thực' } })
    expect((await get(t.officer, own, y)).allowedActions).toEqual(['comment'])
    res = await act(app, t.admin, own, y, 'reopen', { version: v + 1, reason: 'Khiếu nại được chấp nhận' })
    expect(res.body.assessment).toMatchObject({ status: 'submitted' })
    expect(res.body.assessment.districtDecision).toBeUndefined()
    expect((await events(y)).at(-1)).toMatchObject({ action: 'reopen', reason: 'Khiếu nại được chấp nhận', role: 'admin' })
  })
})

describe('comments, threaded per indicator', () => {
  it('general and per-indicator comments, replies join their parent’s thread, all logged', async () => {
    const y = await freshYear(store)
    const v = await submitted(app, t.officer, own, y)
    const post = (token: string, body: unknown) => call(app, 'POST', path(own, y, '/comments'), { token, body })
    const general = (await post(t.reviewer, { text: 'Hồ sơ đầy đủ' })).body.comment
    const onA31 = (await post(t.reviewer, { indicatorId: 'A3.1', text: 'Số hộ có cáp quang lấy từ đâu?' })).body.comment
    const reply = await post(t.officer, { replyTo: onA31.id, text: 'Theo số liệu của VNPT' })
    expect(reply.status).toBe(200)
    expect(reply.body.comment).toMatchObject({ indicatorId: 'A3.1', replyTo: onA31.id, role: 'officer', byName: 'Đinh Văn A' })
    expect((await post(t.admin, { indicatorId: 'B1', text: 'Ghi chú của tỉnh' })).status).toBe(200)

    for (const [body, field] of [
      [{ replyTo: 'nope', text: 'x' }, 'replyTo'],
      [{ replyTo: onA31.id, indicatorId: 'B1', text: 'x' }, 'indicatorId'],
      [{ indicatorId: 'Z9', text: 'x' }, 'indicatorId'],
      [{ text: '' }, 'text'],
      [{ text: 'x'.repeat(2001) }, 'text'],
      [{ text: 'x', by: 'someone' }, 'by'],
    ] as const) {
      const res = await post(t.officer, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(fieldsOf(res.body)).toEqual([field])
    }

    const list = (await call(app, 'GET', path(own, y, '/comments'), { token: t.officer })).body.comments as any[]
    expect(list.map((c) => [c.indicatorId ?? null, c.text])).toEqual([
      [null, 'Hồ sơ đầy đủ'],
      ['A3.1', 'Số hộ có cáp quang lấy từ đâu?'],
      ['A3.1', 'Theo số liệu của VNPT'],
      ['B1', 'Ghi chú của tỉnh'],
    ])
    expect(general.indicatorId).toBeUndefined()
    // A comment changes no version; its event sits after the version it was written on.
    expect((await get(t.officer, own, y)).assessment.version).toBe(v)
    const log = await events(y)
    expect(log.map((e) => [e.version, e.action])).toEqual([
      [1, 'edit'],
      [2, 'submit'],
      [2, 'comment'],
      [2, 'comment'],
      [2, 'comment'],
      [2, 'comment'],
    ])
    expect(log[4]).toMatchObject({ indicatorId: 'A3.1', comment: 'Theo số liệu của VNPT', role: 'officer' })
  })
})

describe('queue: one Query per page, filtered by status, paged by cursor', () => {
  let officers: Tokens
  const unit = 'qng-queue-unit'
  const ids = ['q-a', 'q-b', 'q-c', 'q-d', 'q-e', 'q-f', 'q-g']
  let y: number
  beforeAll(async () => {
    await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực thử', parentId: units.province.id })
    officers = await addCommunes(app, store, unit, ids)
    y = await freshYear(store)
    // q-a…q-d submitted, q-e…q-f drafts, q-g approved
    for (const id of ids.slice(0, 4)) await submitted(app, officers[id]!, id, y)
    for (const id of ids.slice(4, 6)) await call(app, 'PATCH', path(id, y), { token: officers[id], body: { version: 0, profile } })
  })

  const page = (token: string, q: string) => call(app, 'GET', `/api/review/queue?${q}`, { token })

  it('pages through one status with a cursor, no item twice, in commune order', async () => {
    const seen: any[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const res = await page(t.admin, `year=${y}&unitId=${unit}&status=submitted&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      expect(res.body.items.length).toBeLessThanOrEqual(3)
      seen.push(...res.body.items)
      cursor = res.body.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(seen.map((i) => i.communeId)).toEqual(['q-a', 'q-b', 'q-c', 'q-d'])
    expect(seen[0]).toEqual({
      communeId: 'q-a',
      communeName: 'Xã q-a',
      status: 'submitted',
      version: 2,
      updatedAt: expect.any(String),
      submittedAt: expect.any(String),
      summary: { total: 1000, eligible: true, indicators: flattenIndicators(rubric).length, reviewed: 0, openEvidence: 0 },
    })
    const drafts = await page(t.admin, `year=${y}&unitId=${unit}&status=draft`)
    expect(drafts.body.items.map((i: any) => i.communeId)).toEqual(['q-e', 'q-f'])
    expect(drafts.body.nextCursor).toBeUndefined()
    const all = await page(t.admin, `year=${y}&unitId=${unit}&limit=100`)
    expect(all.body.items).toHaveLength(6)
  })

  it('sorts and searches across the whole unit, with reviewed x/total and open evidence requests per row', async () => {
    // q-b: one verdict, asking for evidence.
    const vb = (await get(t.admin, 'q-b', y)).assessment.version
    expect((await call(app, 'POST', path('q-b', y, '/reviews/A3.1'), { token: t.admin, body: { version: vb, decision: 'accepted' } })).status).toBe(403)
    const reviewerOfUnit = await (async () => {
      const { hashPassword } = await import('../../functions/src/auth/password')
      await store.users.put({ id: 'u-qr', username: 'reviewer.queue', name: 'Lê Q', role: 'reviewer', orgUnitId: unit, active: true, passwordHash: await hashPassword(PASSWORD) })
      return (await call(app, 'POST', '/api/auth/login', { body: { username: 'reviewer.queue', password: PASSWORD } })).body.token as string
    })()
    const rb = await call(app, 'POST', path('q-b', y, '/reviews/A3.1'), { token: reviewerOfUnit, body: { version: vb, decision: 'needs_evidence', reason: 'Thiếu danh sách' } })
    expect(rb.status).toBe(200)
    let res = await page(t.admin, `year=${y}&unitId=${unit}&status=submitted&sort=reviewed&limit=2`)
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(4)
    expect(res.body.items.map((i: any) => i.communeId)).toEqual(['q-a', 'q-c'])
    res = await page(t.admin, `year=${y}&unitId=${unit}&status=submitted&sort=reviewed&limit=2&cursor=${res.body.nextCursor}`)
    expect(res.body.items.map((i: any) => i.communeId)).toEqual(['q-d', 'q-b'])
    expect(res.body.items[1].summary).toMatchObject({ reviewed: 1, openEvidence: 1, indicators: flattenIndicators(rubric).length })
    expect(res.body.nextCursor).toBeUndefined()
    res = await page(t.admin, `year=${y}&unitId=${unit}&q=${encodeURIComponent('XÃ Q-C')}`)
    expect(res.body.items.map((i: any) => i.communeId)).toEqual(['q-c'])
    for (const bad of ['sort=biggest', `q=${'x'.repeat(101)}`, 'sort=name&cursor=abc', 'sort=name&cursor=o-1']) {
      const r = await page(t.admin, `year=${y}&unitId=${unit}&${bad}`)
      expect(r.status, bad).toBe(400)
    }
  })

  it('assigns communes to named reviewers of the unit; the queue shows the assignee and lists "mine"', async () => {
    const { hashPassword } = await import('../../functions/src/auth/password')
    await store.users.put({ id: 'u-qa', username: 'reviewer.assign', name: 'Hồ Thị A', role: 'reviewer', orgUnitId: unit, active: true, passwordHash: await hashPassword(PASSWORD) })
    const mine = (await call(app, 'POST', '/api/auth/login', { body: { username: 'reviewer.assign', password: PASSWORD } })).body.token as string
    const reviewers = await call(app, 'GET', '/api/review/reviewers', { token: mine })
    expect(reviewers.body.reviewers).toEqual(expect.arrayContaining([{ id: 'u-qa', name: 'Hồ Thị A' }]))
    const put = (token: string, body: unknown) => call(app, 'PUT', '/api/review/assignments', { token, body })
    let res = await put(t.admin, { year: y, communeId: 'q-c', reviewerId: 'u-qa' })
    expect(res.status).toBe(200)
    expect(res.body.assignment).toMatchObject({ communeId: 'q-c', reviewerId: 'u-qa', reviewerName: 'Hồ Thị A', by: 'u-admin' })
    // Not a reviewer of this unit, another unit's reviewer, an officer: refused, naming the field or the action.
    res = await put(t.admin, { year: y, communeId: 'q-a', reviewerId: 'u-reviewer' })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.body)).toEqual(['reviewerId'])
    expect((await put(t.reviewer, { year: y, communeId: 'q-a', reviewerId: 'u-qa' })).status).toBe(403)
    expect((await put(t.officer, { year: y, communeId: 'q-a', reviewerId: 'u-qa' })).status).toBe(403)
    expect(fieldsOf((await put(t.admin, { year: y, communeId: 'q-a' })).body)).toEqual(['reviewerId'])

    let list = await page(mine, `year=${y}&status=submitted`)
    expect(list.body.items.find((i: any) => i.communeId === 'q-c').assignee).toEqual({ id: 'u-qa', name: 'Hồ Thị A' })
    expect(list.body.items.find((i: any) => i.communeId === 'q-a').assignee).toBeUndefined()
    list = await page(mine, `year=${y}&mine=true`)
    expect(list.body.items.map((i: any) => i.communeId)).toEqual(['q-c'])
    expect((await put(mine, { year: y, communeId: 'q-c', reviewerId: null })).body.assignment).toBeNull()
    expect((await page(mine, `year=${y}&mine=true`)).body.items).toEqual([])
  })

  it('moves an assessment between status partitions as its status changes', async () => {
    const id = 'q-g'
    const ids = async (status: string) =>
      (await page(t.admin, `year=${y}&unitId=${unit}&status=${status}&limit=100`)).body.items.map((i: any) => i.communeId)
    const v = (await call(app, 'PATCH', path(id, y), { token: officers[id], body: { version: 0, profile, answers: perfectAnswers() } })).body.version
    expect(await ids('draft')).toContain(id)
    await call(app, 'POST', path(id, y, '/submit'), { token: officers[id], body: { version: v } })
    expect(await ids('draft')).not.toContain(id)
    expect(await ids('submitted')).toContain(id)
  })

  it('checks the unit scope and the cursor', async () => {
    expect((await page(t.officer, `year=${y}`)).status).toBe(403)
    expect((await page(t.reviewer, `year=${y}&unitId=${unit}`)).status).toBe(403)
    const missing = await page(t.admin, `year=${y}`)
    expect(missing.status).toBe(400)
    expect(fieldsOf(missing.body)).toEqual(['unitId'])
    expect((await page(t.admin, `year=${y}&unitId=nowhere`)).status).toBe(404)
    expect((await page(t.admin, `year=${y}&unitId=${own}`)).status).toBe(404) // a commune is not a review unit
    // The reviewer's own unit by default.
    const mine = await page(t.reviewer, `year=${y}`)
    expect(mine.status).toBe(200)

    const first = await page(t.admin, `year=${y}&unitId=${unit}&status=submitted&limit=1`)
    const cursor = first.body.nextCursor as string
    for (const bad of [
      'not-a-cursor!',
      Buffer.from('{"pk":1}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
      // a well-formed key of another review unit's partition
      Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString()), gsi1pk: `ASSESS#${y}#${units.lySon.id}` })).toString('base64url'),
    ]) {
      const res = await page(t.admin, `year=${y}&unitId=${unit}&status=submitted&cursor=${encodeURIComponent(bad)}`)
      expect(res.status, bad).toBe(400)
      expect(fieldsOf(res.body)).toEqual(['cursor'])
    }
    // A cursor of one listing cannot continue another (other status, other unit, other year).
    for (const q of [`year=${y}&unitId=${unit}&status=draft`, `year=${y}&unitId=${units.sonTay.id}`, `year=${y + 1}&unitId=${unit}`]) {
      const res = await page(t.admin, `${q}&cursor=${cursor}`)
      expect(res.status, q).toBe(400)
    }
  })
})

describe('last year beside this year', () => {
  it('returns last year’s assessment only when it was approved or recognised, scored on the reviewed values', async () => {
    const last = await freshYear(store)
    expect(await freshYear(store)).toBe(last + 1) // "this year"
    const v = await submitted(app, t.officer, own, last)
    expect((await call(app, 'GET', path(own, last + 1, '/previous'), { token: t.reviewer })).status).toBe(404)
    await call(app, 'POST', path(own, last, '/reviews/A3.1'), {
      token: t.reviewer,
      body: { version: v, decision: 'adjusted', answer: { numerator: 0 }, reason: 'Không có số liệu' },
    })
    await approve(app, t.reviewer, own, last, v + 1)
    const res = await call(app, 'GET', path(own, last + 1, '/previous'), { token: t.reviewer })
    expect(res.status).toBe(200)
    expect(res.body.assessment).toMatchObject({ year: last, status: 'district_approved' })
    expect(res.body.score.indicators['A3.1'].points).toBe(0)
    expect((await call(app, 'GET', path(own, last + 1, '/previous'), { token: t.officer })).status).toBe(200)
    expect((await call(app, 'GET', path(own, last + 1, '/previous'), { token: t.otherReviewer })).status).toBe(403)
  })
})

describe('bulk recognition', () => {
  let officers: Tokens
  const unit = units.sonTay.id
  const ids = ['b-1', 'b-2', 'b-3', 'b-4', 'b-5']
  beforeAll(async () => {
    officers = await addCommunes(app, store, unit, ids)
  })

  it('decides each item on its own: successes stand beside refusals', async () => {
    const y = await freshYear(store)
    const v1 = await approved(app, officers['b-1']!, t.reviewer, 'b-1', y)
    const v2 = await approved(app, officers['b-2']!, t.reviewer, 'b-2', y)
    const v3 = await submitted(app, officers['b-3']!, 'b-3', y) // not approved
    const v4 = await approved(app, officers['b-4']!, t.reviewer, 'b-4', y)
    const half = Object.fromEntries(Object.entries(perfectAnswers()).map(([k, a]) => [k, 'numerator' in a ? { ...a, numerator: 0 } : a]))
    const v5 = await approved(app, officers['b-5']!, t.reviewer, 'b-5', y, half) // not eligible

    const res = await call(app, 'POST', '/api/recognitions', {
      token: t.admin,
      body: {
        year: y,
        decisionNumber: '45/QĐ-UBND',
        decisionDate: '2025-07-01',
        items: [
          { communeId: 'b-1', version: v1 },
          { communeId: 'b-2', version: v2 },
          { communeId: 'b-3', version: v3 },
          { communeId: 'b-4', version: v4 - 1 },
          { communeId: 'b-5', version: v5 },
          { communeId: 'nowhere', version: 1 },
        ],
      },
    })
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: any) => [r.communeId, r.ok, r.status ?? r.error.code])).toEqual([
      ['b-1', true, 'recognised'],
      ['b-2', true, 'recognised'],
      ['b-3', false, 'invalid_transition'],
      ['b-4', false, 'version_conflict'],
      ['b-5', false, 'not_eligible'],
      ['nowhere', false, 'not_found'],
    ])
    expect(res.body.results[4].error.details.failures.length).toBeGreaterThan(0)
    expect((await store.assessments.get('b-1', y))!.provinceDecision).toMatchObject({ decisionNumber: '45/QĐ-UBND', decisionDate: '2025-07-01' })
    expect((await store.assessments.get('b-4', y))!.status).toBe('district_approved')
    expect((await events(y, 'b-2')).at(-1)).toMatchObject({ action: 'recognise', decisionNumber: '45/QĐ-UBND', role: 'admin' })
    expect((await events(y, 'b-3')).at(-1)!.action).toBe('submit')
  })

  it('refuses a malformed request as a whole, writing nothing', async () => {
    const y = await freshYear(store)
    const v1 = await approved(app, officers['b-1']!, t.reviewer, 'b-1', y)
    for (const [body, fields] of [
      [{ year: y, items: [{ communeId: 'b-1', version: v1 }, { communeId: 'b-1', version: v1 }] }, ['items.1.communeId']],
      [{ year: y, items: [] }, ['items']],
      [{ year: y, items: Array.from({ length: 501 }, (_, i) => ({ communeId: `c${i}`, version: 1 })) }, ['items']],
      [{ year: y, items: [{ communeId: 'b-1' }] }, ['items.0.version']],
      [{ year: y, items: [{ communeId: 'b-1', version: v1 }], decisionDate: 'tomorrow' }, ['decisionDate']],
    ] as const) {
      const res = await call(app, 'POST', '/api/recognitions', { token: t.admin, body })
      expect(res.status).toBe(400)
      expect(fieldsOf(res.body)).toEqual(fields)
    }
    expect((await call(app, 'POST', '/api/recognitions', { token: t.reviewer, body: { year: y, items: [{ communeId: 'b-1', version: v1 }] } })).status).toBe(403)
    expect((await store.assessments.get('b-1', y))!.status).toBe('district_approved')
  })
})

describe('GET for each role', () => {
  it('adds reviews, reviewedScore and the caller’s allowed actions', async () => {
    const y = await freshYear(store)
    const v = await submitted(app, t.officer, own, y)
    expect((await get(t.officer, own, y)).allowedActions).toEqual(['comment'])
    expect((await get(t.reviewer, own, y)).allowedActions).toEqual(['review_indicator', 'return', 'approve', 'reject', 'comment'])
    expect((await get(t.admin, own, y)).allowedActions).toEqual(['comment'])
    const before = await get(t.reviewer, own, y)
    expect(before.reviews).toEqual({})
    expect(before.reviewedScore).toBeUndefined()
    await call(app, 'POST', path(own, y, '/reviews/A1.2'), { token: t.reviewer, body: { version: v, decision: 'accepted' } })
    const after = await get(t.reviewer, own, y)
    expect(after.reviews['A1.2']).toMatchObject({ decision: 'accepted', byName: 'Phạm Văn D', officerAnswer: perfectAnswers()['A1.2'] })
    expect(after.reviewedScore.total).toBe(after.score.total)
  })
})

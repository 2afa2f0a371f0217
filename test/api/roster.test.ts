// Issue 13, the village roster through the API: saved by the officer's PATCH with the answers (same version, same
// 409 rules, per village and field), validated with reasons, scoped, carried into the next year, and adjusted by
// the reviewer. Every result is read back through the API.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { deriveBlobSecret, diskBlobStore } from '../../functions/src/blobs/disk-blob-store'
import type { Store } from '../../functions/src/storage/store'
import type { Rubric } from '../../shared/rubric/schema'
import { ROSTER_MAX_VILLAGES, type Village } from '../../shared/roster'
import { createTestTable } from '../support/dynamo'
import { assessmentPath, call, makeApp, seedFixtures, TEST_SECRET, tokensFor, units, YEAR, type AccountName, type TestApp } from './harness'
import { approve, perfectAnswers, profile } from './review-fixtures'

let app: TestApp
let store: Store
let t: Record<AccountName, string>
const own = units.sonDung.id
const OPERATORS = [
  { id: 'viettel', label: { vi: 'Viettel', en: 'Viettel' } },
  { id: 'vnpt', label: { vi: 'VNPT', en: 'VNPT' } },
  { id: 'mobifone', label: { vi: 'MobiFone', en: 'MobiFone' } },
]

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  app = makeApp(store, { blobs: diskBlobStore({ dir: await mkdtemp(join(tmpdir(), 'xaso-roster-')), secret: deriveBlobSecret(TEST_SECRET) }) })
  t = await tokensFor(app, 'officer', 'otherOfficer', 'islandOfficer', 'reviewer', 'otherReviewer', 'admin')
})

/**
 * A year of its own per test, on the 2025 rubric with a roster section (as rubric-2026 has). Two apart, so no
 * test's year starts from the roster of another test's year (the rollover reads the year before).
 */
let lastYear = 2030
async function rosterYear(year = (lastYear += 2)): Promise<number> {
  if (year > lastYear) lastYear = year
  const base = (await store.rubrics.get(YEAR))!
  await store.rubrics.put({ ...base, year, roster: { operators: OPERATORS }, pillars: base.pillars.map(deriveA33) })
  return year
}

/** A3.3 "villages without 4G/5G" counted from the roster, as rubric-2026 does: the reviewed roster must move it. */
const deriveA33 = (pillar: Rubric['pillars'][number]): Rubric['pillars'][number] => ({
  ...pillar,
  groups: pillar.groups.map((g) => ({
    ...g,
    indicators: g.indicators.map((i) =>
      i.id === 'A3.3' ? { ...i, input: { kind: 'roster' as const, measure: 'count' as const, where: [{ test: 'coverage' as const, atLeast: '4g' as const, negate: true as const }] } } : i,
    ),
  })),
})
const typedAnswers = () => {
  const { 'A3.3': _derived, ...rest } = perfectAnswers()
  return rest
}

const thon = (name: string, extra: Partial<Village> = {}): Village => ({ name, kind: 'thon', coverage: { viettel: { level: '4g' } }, ...extra })
const path = (year: number, communeId = own) => assessmentPath(communeId, year)
const get = async (year: number, token = t.officer, communeId = own) => {
  const res = await call(app, 'GET', path(year, communeId), { token })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.assessment
}
const patch = (year: number, body: Record<string, unknown>, token = t.officer, communeId = own) => call(app, 'PATCH', path(year, communeId), { token, body })
const events = async (year: number) => (await call(app, 'GET', `${path(year)}/timeline`, { token: t.officer })).body.events as any[]
const fieldsOf = (body: any) => (body.error?.fields ?? []).map((f: { field: string; code: string }) => `${f.field}:${f.code}`).sort()

describe('saving the roster', () => {
  it('is saved by the same PATCH as the answers: one version, one event naming each village field', async () => {
    const year = await rosterYear()
    const res = await patch(year, { version: 0, profile: { households: 500 }, answers: { 'A1.3': { yes: true } }, roster: { t1: thon('Thôn 1', { households: 120 }), t2: thon('Làng Rêu', { kind: 'lang', coverage: { vnpt: { level: '3g', weak: true } } }) } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.version).toBe(1)
    const stored = await get(year)
    expect(stored.version).toBe(1)
    expect(stored.answers['A1.3']).toEqual({ yes: true })
    expect(stored.roster).toEqual({ t1: thon('Thôn 1', { households: 120 }), t2: thon('Làng Rêu', { kind: 'lang', coverage: { vnpt: { level: '3g', weak: true } } }) })

    // Per field and per operator: only what the patch names changes.
    const second = await patch(year, { version: 1, roster: { t1: { households: 130, coverage: { vnpt: { level: '4g' } } }, t2: { coverage: { vnpt: null } } } })
    expect(second.status, JSON.stringify(second.body)).toBe(200)
    const after = await get(year)
    expect(after.version).toBe(2)
    expect(after.roster.t1).toEqual(thon('Thôn 1', { households: 130, coverage: { viettel: { level: '4g' }, vnpt: { level: '4g' } } }))
    expect(after.roster.t2.coverage).toEqual({})
    const last = (await events(year)).at(-1)
    expect(last).toMatchObject({ version: 2, action: 'edit' })
    expect(last.changes.map((c: any) => c.field).sort()).toEqual(['roster.t1.coverage.vnpt', 'roster.t1.households', 'roster.t2.coverage.vnpt'])
    expect(last.changes.find((c: any) => c.field === 'roster.t1.households')).toMatchObject({ from: 120, to: 130 })

    // A village set to null is removed, recorded with its old row.
    const removed = await patch(year, { version: 2, roster: { t2: null } })
    expect(removed.status).toBe(200)
    expect(Object.keys((await get(year)).roster)).toEqual(['t1'])
    expect((await events(year)).at(-1).changes).toEqual([{ field: 'roster.t2', from: after.roster.t2, to: null }])
  })

  it('a roster patch that changes nothing writes nothing (no version, no event)', async () => {
    const year = await rosterYear()
    expect((await patch(year, { version: 0, roster: { t1: thon('Thôn 1', { households: 40 }) } })).status).toBe(200)
    const before = await events(year)
    for (const body of [{ version: 1, roster: { t1: { households: 40 } } }, { version: 1, roster: {} }, { version: 1, roster: { gone: null } }]) {
      const res = await patch(year, body)
      expect(res.status, JSON.stringify(body)).toBe(200)
      expect(res.body.version).toBe(1)
    }
    expect((await get(year)).version).toBe(1)
    expect(await events(year)).toHaveLength(before.length)
  })

  it('a stale version is 409 with the current version and nothing of the roster is written', async () => {
    const year = await rosterYear()
    expect((await patch(year, { version: 0, roster: { t1: thon('Thôn 1') } })).status).toBe(200)
    expect((await patch(year, { version: 1, roster: { t1: { fiber: true } } })).status).toBe(200)
    const stale = await patch(year, { version: 1, roster: { t1: { publicWifi: true } } })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } })
    const stored = await get(year)
    expect(stored.version).toBe(2)
    expect(stored.roster.t1.publicWifi).toBeUndefined()
  })
})

/**
 * What the officer's page does (web/src/assessment/draft.ts): every edit is kept with the server value it was
 * based on; a 409 re-reads the assessment and re-sends only the fields nobody else changed — a field changed
 * elsewhere too is a conflict put to the officer, and is sent again only if the officer keeps theirs.
 */
type Edit = { village: string; field: keyof Village; value: unknown; base: unknown }
async function saveLikeThePage(year: number, version: number, edits: Edit[], keepMine = false) {
  const body = (v: number, list: Edit[]) => {
    const roster: Record<string, Record<string, unknown>> = {}
    for (const e of list) (roster[e.village] ??= {})[e.field] = e.value
    return { version: v, roster }
  }
  const first = await patch(year, body(version, edits))
  if (first.status !== 409) return { first, conflicts: [] as Edit[] }
  expect(first.body.error.code).toBe('version_conflict')
  const fresh = await get(year)
  const theirs = (e: Edit) => (fresh.roster?.[e.village] as Record<string, unknown> | undefined)?.[e.field] ?? null
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
  const conflicts = edits.filter((e) => !same(theirs(e), e.value) && !same(theirs(e), e.base))
  const rebased = edits.filter((e) => !same(theirs(e), e.value) && same(theirs(e), e.base))
  const resend = keepMine ? [...rebased, ...conflicts] : rebased
  const second = resend.length > 0 ? await patch(year, body(fresh.version, resend)) : undefined
  return { first, second, conflicts }
}

describe('two devices on one roster', () => {
  async function twoVillages() {
    const year = await rosterYear()
    expect((await patch(year, { version: 0, roster: { t1: thon('Thôn 1', { households: 10 }), t2: thon('Thôn 2', { households: 20 }) } })).status).toBe(200)
    return year
  }

  it('different villages: the second device gets 409, re-reads, re-applies, and both edits are stored', async () => {
    const year = await twoVillages()
    const phone = await saveLikeThePage(year, 1, [{ village: 't1', field: 'households', value: 11, base: 10 }])
    expect(phone.first.status).toBe(200)
    const tablet = await saveLikeThePage(year, 1, [{ village: 't2', field: 'households', value: 22, base: 20 }])
    expect(tablet.first.status).toBe(409)
    expect(tablet.conflicts).toEqual([])
    expect(tablet.second?.status).toBe(200)
    const stored = await get(year)
    expect(stored.version).toBe(3)
    expect([stored.roster.t1.households, stored.roster.t2.households]).toEqual([11, 22])
  })

  it('one village, different fields: both stored', async () => {
    const year = await twoVillages()
    expect((await saveLikeThePage(year, 1, [{ village: 't1', field: 'fiber', value: true, base: null }])).first.status).toBe(200)
    const tablet = await saveLikeThePage(year, 1, [{ village: 't1', field: 'note', value: 'Trạm BTS mới', base: null }])
    expect(tablet.first.status).toBe(409)
    expect(tablet.second?.status).toBe(200)
    const stored = await get(year)
    expect(stored.roster.t1).toMatchObject({ fiber: true, note: 'Trạm BTS mới', households: 10 })
  })

  it('one field: the first save stands unless the second device, shown the conflict, sends its value again', async () => {
    const year = await twoVillages()
    expect((await saveLikeThePage(year, 1, [{ village: 't1', field: 'households', value: 15, base: 10 }])).first.status).toBe(200)
    const tablet = await saveLikeThePage(year, 1, [{ village: 't1', field: 'households', value: 17, base: 10 }])
    expect(tablet.first.status).toBe(409)
    expect(tablet.conflicts.map((c) => c.value)).toEqual([17])
    expect(tablet.second).toBeUndefined()
    expect((await get(year)).roster.t1.households).toBe(15)

    // The officer keeps theirs: sent again on the version just read, it wins, and the log shows 15 → 17.
    const kept = await saveLikeThePage(year, 1, [{ village: 't1', field: 'households', value: 17, base: 10 }], true)
    expect(kept.second?.status).toBe(200)
    expect((await get(year)).roster.t1.households).toBe(17)
    expect((await events(year)).at(-1).changes).toEqual([{ field: 'roster.t1.households', from: 15, to: 17 }])
  })
})

describe('validation (422/400 naming the field, never a partial write)', () => {
  it('a year whose rubric has no roster refuses one: 422 on `roster`', async () => {
    const res = await patch(YEAR, { version: 0, answers: { 'A1.3': { yes: true } }, roster: { t1: thon('Thôn 1') } })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.body)).toEqual(['roster:no_roster'])
    expect(res.body.error.fields[0].message.en).toMatch(/no village roster/)
    expect((await get(YEAR)).version).toBe(0)
  })

  it('households above the commune’s, alone or together, are refused with both figures; answers sent with them are not stored', async () => {
    const year = await rosterYear()
    const one = await patch(year, { version: 0, profile: { households: 100 }, answers: { 'A1.3': { yes: true } }, roster: { t1: thon('Thôn 1', { households: 101 }) } })
    expect(one.status).toBe(422)
    expect(fieldsOf(one.body)).toEqual(['roster.t1.households:above_commune_households', 'roster.t1.households:households_sum_above_commune'])
    expect(one.body.error.fields[0].message.vi).toMatch(/101 hộ, nhiều hơn tổng số hộ của xã \(100\)/)
    expect(await get(year)).toMatchObject({ version: 0, answers: {} })

    expect((await patch(year, { version: 0, profile: { households: 100 }, roster: { t1: thon('Thôn 1', { households: 60 }) } })).status).toBe(200)
    const sum = await patch(year, { version: 1, roster: { t2: thon('Thôn 2', { households: 41 }) } })
    expect(sum.status).toBe(422)
    expect(fieldsOf(sum.body)).toEqual(['roster.t2.households:households_sum_above_commune'])
    expect(sum.body.error.fields[0].message.vi).toMatch(/Tổng số hộ của các thôn \(101\)/)
    // Lowering the commune's figure below its villages is refused on the fact; fixing both at once is accepted.
    const lower = await patch(year, { version: 1, profile: { households: 50 } })
    expect(fieldsOf(lower.body)).toEqual(['profile.households:above_commune_households', 'profile.households:households_sum_above_commune'])
    const both = await patch(year, { version: 1, profile: { households: 90 }, roster: { t1: { households: 50 }, t2: thon('Thôn 2', { households: 40 }) } })
    expect(both.status, JSON.stringify(both.body)).toBe(200)
    // Without the commune's figure there is no bound.
    const none = await rosterYear()
    expect((await patch(none, { version: 0, roster: { t1: thon('Thôn 1', { households: 5000 }) } })).status).toBe(200)
  })

  it('coordinates outside Vietnam are refused (400) saying so, Vietnamese first', async () => {
    const year = await rosterYear()
    const res = await patch(year, { version: 0, roster: { t1: thon('Thôn 1', { location: { lat: 48.85, lng: 2.35, source: 'typed' } }) } })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.body)).toEqual(['roster.t1.location.lat:outside_vietnam', 'roster.t1.location.lng:outside_vietnam'])
    const lat = res.body.error.fields.find((f: any) => f.field.endsWith('lat'))
    expect(lat.message.vi).toMatch(/ngoài lãnh thổ Việt Nam: vĩ độ phải từ 6–23,5/)
    expect(lat.message.en).toMatch(/outside Vietnam: latitude must be within 6–23.5/)
    // Inside the box (Sơn Tây, Quảng Ngãi), with the phone's accuracy: stored as sent.
    const inside = { lat: 15.0261, lng: 108.3562, accuracy: 12, source: 'gps' as const }
    expect((await patch(year, { version: 0, roster: { t1: thon('Thôn 1', { location: inside }) } })).status).toBe(200)
    expect((await get(year)).roster.t1.location).toEqual(inside)
  })

  it('operators are the rubric’s; names are unique ignoring case and spacing, not diacritics; a new village needs a name and kind', async () => {
    const year = await rosterYear()
    const op = await patch(year, { version: 0, roster: { t1: thon('Thôn 1', { coverage: { gmobile: { level: '2g' } } }) } })
    expect(op.status).toBe(422)
    expect(fieldsOf(op.body)).toEqual(['roster.t1.coverage.gmobile:unknown_operator'])

    expect((await patch(year, { version: 0, roster: { t1: thon('Thôn Hà') } })).status).toBe(200)
    const dup = await patch(year, { version: 1, roster: { t2: thon('  thôn   hà ') } })
    expect(dup.status).toBe(422)
    expect(fieldsOf(dup.body)).toEqual(['roster.t2.name:duplicate_name'])
    expect((await patch(year, { version: 1, roster: { t2: thon('Thôn Hạ') } })).status).toBe(200)

    const half = await patch(year, { version: 2, roster: { t3: { households: 5 } } })
    expect(half.status).toBe(422)
    expect(fieldsOf(half.body)).toEqual(['roster.t3:village_incomplete'])

    const bad = await patch(year, { version: 2, roster: { 't 4': thon('Thôn 4'), t5: { name: 'Thôn 5', kind: 'xom', coverage: {} } } })
    expect(bad.status).toBe(400)
    expect((await get(year)).version).toBe(2)
  })

  it(`at most ${ROSTER_MAX_VILLAGES} villages`, async () => {
    const year = await rosterYear()
    const many = Object.fromEntries(Array.from({ length: ROSTER_MAX_VILLAGES + 1 }, (_, i) => [`v${i}`, thon(`Thôn ${i}`)]))
    const res = await patch(year, { version: 0, roster: many })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.body)).toEqual(['roster:too_many_villages'])
    expect((await get(year)).version).toBe(0)
  })
})

describe('scope', () => {
  it('only the commune’s officer edits its roster; reviewers adjust only in their unit', async () => {
    const year = await rosterYear()
    const body = { version: 0, roster: { t1: thon('Thôn 1') } }
    for (const who of ['otherOfficer', 'islandOfficer', 'reviewer', 'admin'] as const) {
      const res = await patch(year, body, t[who])
      expect(res.status, who).toBe(403)
    }
    expect((await get(year)).version).toBe(0)
    expect((await patch(year, body)).status).toBe(200)
    const submittedV = await submit(year)
    const review = (token: string) =>
      call(app, 'POST', `${path(year)}/roster-reviews/t1`, { token, body: { version: submittedV, village: thon('Thôn 1', { fiber: true }), reason: 'Kiểm tra thực tế' } })
    expect((await review(t.otherReviewer)).status).toBe(403)
    expect((await review(t.officer)).status).toBe(403)
    expect((await review(t.admin)).status).toBe(403)
    expect((await get(year)).version).toBe(submittedV)
    expect((await review(t.reviewer)).status).toBe(200)
  })
})

async function submit(year: number, communeId = own, token = t.officer): Promise<number> {
  const current = await get(year, token, communeId)
  const filled = await patch(year, { version: current.version, profile, answers: typedAnswers() }, token, communeId)
  expect(filled.status, JSON.stringify(filled.body)).toBe(200)
  const res = await call(app, 'POST', `${path(year, communeId)}/submit`, { token, body: { version: filled.body.version } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.assessment.version
}

describe('the reviewer adjusts a village', () => {
  it('the row replaces the officer’s in the reviewed values, with its reason in the audit trail; the officer’s own row withdraws it', async () => {
    const year = await rosterYear()
    expect((await patch(year, { version: 0, roster: { t1: thon('Thôn 1', { coverage: { viettel: { level: '4g' } } }), t2: thon('Thôn 2') } })).status).toBe(200)
    const v = await submit(year)
    const adjusted = thon('Thôn 1', { coverage: { viettel: { level: '3g', weak: true } } })
    const url = `${path(year)}/roster-reviews/t1`
    const res = await call(app, 'POST', url, { token: t.reviewer, body: { version: v, village: adjusted, reason: 'Đo thực tế chỉ có 3G chập chờn' } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    // The derived A3.3 (villages without 4G) follows the reviewed roster; the officer's own score does not move.
    const viewed = (await call(app, 'GET', path(year), { token: t.reviewer })).body
    expect(viewed.score.indicators['A3.3']).toMatchObject({ value: 0, points: 30 })
    expect(viewed.reviewedScore.indicators['A3.3']).toMatchObject({ value: 1, points: 15 })
    expect(res.body.summary.reviewedTotal).toBe(viewed.reviewedScore.total)
    expect(viewed.reviewedScore.total).toBe(viewed.score.total - 15)
    const stored = viewed.assessment
    expect(stored.version).toBe(v + 1)
    expect(stored.roster.t1.coverage.viettel).toEqual({ level: '4g' })
    expect(stored.rosterReviews.t1).toMatchObject({ village: adjusted, officerVillage: stored.roster.t1, reason: 'Đo thực tế chỉ có 3G chập chờn', by: 'u-reviewer', byName: 'Phạm Văn D' })
    const event = (await events(year)).at(-1)
    expect(event).toMatchObject({ action: 'review_indicator', role: 'reviewer', reason: 'Đo thực tế chỉ có 3G chập chờn' })
    expect(event.changes).toEqual([{ field: 'rosterReviews.t1', from: null, to: stored.rosterReviews.t1 }])

    // A stale version is 409; a row breaking the rules is 422 named under `village`; a stale version writes nothing.
    expect((await call(app, 'POST', url, { token: t.reviewer, body: { version: v, village: adjusted, reason: 'x' } })).status).toBe(409)
    const dup = await call(app, 'POST', url, { token: t.reviewer, body: { version: v + 1, village: thon('Thôn 2'), reason: 'x' } })
    expect(dup.status).toBe(422)
    expect(fieldsOf(dup.body)).toEqual(['village.name:duplicate_name'])
    // A village that does not exist: 404 to remove; the reviewer may say one of the officer's does not exist.
    expect((await call(app, 'POST', `${path(year)}/roster-reviews/nope`, { token: t.reviewer, body: { version: v + 1, village: null, reason: 'x' } })).status).toBe(404)
    const gone = await call(app, 'POST', `${path(year)}/roster-reviews/t2`, { token: t.reviewer, body: { version: v + 1, village: null, reason: 'Thôn đã sáp nhập vào Thôn 1' } })
    expect(gone.status).toBe(200)
    expect(gone.body.assessment.rosterReviews.t2).toMatchObject({ village: null })

    // Sending the officer's row back withdraws the adjustment (logged), and the officer's row is what stands.
    const back = await call(app, 'POST', url, { token: t.reviewer, body: { version: v + 2, village: stored.roster.t1, reason: 'Đã kiểm tra lại: đúng 4G' } })
    expect(back.status, JSON.stringify(back.body)).toBe(200)
    expect(back.body.assessment.rosterReviews.t1).toBeUndefined()
    expect((await events(year)).at(-1).changes).toEqual([{ field: 'rosterReviews.t1', from: stored.rosterReviews.t1, to: null }])
  })

  it('a year without a roster, or a draft, refuses an adjustment', async () => {
    const year = await rosterYear()
    expect((await patch(year, { version: 0, roster: { t1: thon('Thôn 1') } })).status).toBe(200)
    const draft = await call(app, 'POST', `${path(year)}/roster-reviews/t1`, { token: t.reviewer, body: { version: 1, village: thon('Thôn 1', { fiber: true }), reason: 'x' } })
    expect(draft.status).toBe(409)
    expect(draft.body.error.code).toBe('invalid_transition')
  })

  it('a resubmission drops an adjustment made on a row the officer has changed since', async () => {
    const year = await rosterYear()
    expect((await patch(year, { version: 0, roster: { t1: thon('Thôn 1'), t2: thon('Thôn 2') } })).status).toBe(200)
    let v = await submit(year)
    for (const id of ['t1', 't2']) {
      const res = await call(app, 'POST', `${path(year)}/roster-reviews/${id}`, { token: t.reviewer, body: { version: v, village: thon(id === 't1' ? 'Thôn 1' : 'Thôn 2', { fiber: true }), reason: 'Có cáp quang' } })
      expect(res.status).toBe(200)
      v = res.body.assessment.version
    }
    const returned = await call(app, 'POST', `${path(year)}/return`, { token: t.reviewer, body: { version: v, comment: 'Kiểm tra lại Thôn 1' } })
    expect(returned.status).toBe(200)
    const edit = await patch(year, { version: returned.body.assessment.version, roster: { t1: { households: 30 } } })
    expect(edit.status).toBe(200)
    const res = await call(app, 'POST', `${path(year)}/submit`, { token: t.officer, body: { version: edit.body.version } })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.assessment.rosterReviews)).toEqual(['t2'])
    expect((await events(year)).at(-1).changes).toContainEqual(expect.objectContaining({ field: 'rosterReviews.t1', to: null }))
  })
})

describe('year rollover', () => {
  it('a new year starts from last year’s approved, reviewed roster with the same village ids; the officer changes only what changed', async () => {
    const first = await rosterYear()
    const next = await rosterYear(first + 1)
    const villages = { t1: thon('Thôn 1', { households: 100 }), t2: thon('Làng Rêu', { kind: 'lang', coverage: { viettel: { level: 'none' } } }), t3: thon('Bản Mới', { kind: 'ban' }) }
    expect((await patch(first, { version: 0, roster: villages })).status).toBe(200)
    const v = await submit(first)
    const adjusted = thon('Làng Rêu', { kind: 'lang', coverage: { viettel: { level: '2g', weak: true } } })
    const adj = await call(app, 'POST', `${path(first)}/roster-reviews/t2`, { token: t.reviewer, body: { version: v, village: adjusted, reason: 'Có sóng 2G yếu' } })
    expect(adj.status).toBe(200)
    const approvedVersion = await approve(app, t.reviewer, own, first, adj.body.assessment.version)
    expect((await get(first)).status).toBe('district_approved')

    // Opening the next year: a version-0 draft holding last year's reviewed rows; nothing stored yet.
    const opened = await get(next)
    expect(opened.version).toBe(0)
    expect(opened.roster).toEqual({ ...villages, t2: adjusted })
    expect(opened.rosterFrom).toEqual({ year: first, version: approvedVersion, status: 'district_approved', reviewed: true })
    expect(await store.assessments.get(own, next)).toBeUndefined()

    // The officer marks one village as having gained 4G: the stored roster is last year's with that one change.
    const saved = await patch(next, { version: 0, roster: { t2: { coverage: { viettel: { level: '4g' } } } } })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const stored = await get(next)
    expect(stored.version).toBe(1)
    expect(stored.roster).toEqual({ ...villages, t2: { ...adjusted, coverage: { viettel: { level: '4g' } } } })
    expect(stored.rosterFrom).toMatchObject({ year: first, reviewed: true })
    const event = (await events(next)).at(-1)
    expect(event.changes).toContainEqual({ field: 'roster.t2.coverage.viettel', from: { level: '2g', weak: true }, to: { level: '4g' } })
    expect(event.changes).toContainEqual({ field: 'rosterFrom', from: null, to: stored.rosterFrom })
    // Last year's is untouched.
    expect((await get(first)).roster.t2).toEqual(villages.t2)
  })

  it('without an approved roster last year, the officer’s own last rows (marked unreviewed); none at all → empty', async () => {
    const first = await rosterYear()
    const next = await rosterYear(first + 1)
    expect((await patch(first, { version: 0, roster: { t1: thon('Thôn 1') } })).status).toBe(200)
    await submit(first)
    const opened = await get(next)
    expect(opened.roster).toEqual({ t1: thon('Thôn 1') })
    expect(opened.rosterFrom).toMatchObject({ year: first, status: 'submitted', reviewed: false })

    const other = units.sonMua.id
    const empty = await get(next, t.otherOfficer, other)
    expect(empty.roster).toBeUndefined()
    expect(empty.rosterFrom).toBeUndefined()
  })
})

describe('evidence photos of a village', () => {
  const declare = (year: number, target: string, token = t.officer) =>
    call(app, 'POST', `${path(year)}/evidence`, {
      token,
      body: { indicatorId: target, filename: 'tram-bts.jpg', contentType: 'image/jpeg', size: 1000, sha256: 'a'.repeat(64) },
    })

  it('are filed as `village:<villageId>` when the village is in the roster (stored or carried over), refused otherwise', async () => {
    const year = await rosterYear()
    expect((await patch(year, { version: 0, roster: { t1: thon('Thôn 1') } })).status).toBe(200)
    const ok = await declare(year, 'village:t1')
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body.evidence).toMatchObject({ indicatorId: 'village:t1', status: 'pending' })
    // Pending until its upload completes (the evidence API's own tests cover that); stored under the village.
    const stored = await store.evidence.list(own, year, 'village:t1')
    expect(JSON.stringify(stored)).toContain(ok.body.evidence.id)

    const unknown = await declare(year, 'village:t9')
    expect(unknown.status).toBe(400)
    expect(fieldsOf(unknown.body)).toEqual(['indicatorId:unknown_village'])
    const noRoster = await declare(YEAR, 'village:t1')
    expect(noRoster.status).toBe(400)
    expect(fieldsOf(noRoster.body)).toEqual(['indicatorId:no_roster'])
    expect((await declare(year, 'village:t1', t.otherOfficer)).status).toBe(403)

    // Next year, before any save: the village carried from this year's roster takes photos too.
    const next = await rosterYear(year + 1)
    expect((await declare(next, 'village:t1')).status).toBe(201)
  })
})

describe('dashboard: villages without 4G', () => {
  it('counts the submitted roster, then the reviewed one once decided, per unit and for the province', async () => {
    const year = await rosterYear()
    const dashboard = async (token = t.reviewer) => {
      const res = await call(app, 'GET', `/api/dashboard?year=${year}`, { token })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body
    }
    const villages = { t1: thon('Thôn 1', { households: 40 }), t2: thon('Làng Rêu', { kind: 'lang', households: 30, coverage: { viettel: { level: '3g', weak: true } } }) }
    expect((await patch(year, { version: 0, roster: villages })).status).toBe(200)
    // A draft is counted by its status only (autosaves never move the counters).
    expect((await dashboard()).current.villages).toEqual({ villages: 0, without4g: 0, householdsWithout4g: 0 })
    const v = await submit(year)
    expect((await dashboard()).current.villages).toEqual({ villages: 2, without4g: 1, householdsWithout4g: 30 })

    // The reviewer finds Làng Rêu has 4G now and approves: the decided, reviewed roster is what counts.
    const adj = await call(app, 'POST', `${path(year)}/roster-reviews/t2`, { token: t.reviewer, body: { version: v, village: { ...villages.t2, coverage: { viettel: { level: '4g' } } }, reason: 'Trạm mới phát sóng 4G' } })
    expect(adj.status).toBe(200)
    await approve(app, t.reviewer, own, year, adj.body.assessment.version)
    const after = await dashboard(t.admin)
    expect(after.current.villages).toEqual({ villages: 2, without4g: 0, householdsWithout4g: 0 })
    expect(after.byUnit.find((u: any) => u.id === units.sonTay.id).without4g).toBe(0)
    // A year without a roster shows none.
    expect((await call(app, 'GET', `/api/dashboard?year=${YEAR}`, { token: t.reviewer })).body.current.villages).toBeNull()
  })
})

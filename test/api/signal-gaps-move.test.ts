import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ThrottlingException } from '@aws-sdk/client-dynamodb'
import type { AwsStub } from 'aws-sdk-client-mock'
import { parse as parseCsv } from 'csv-parse/sync'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { emptyAssessment, type Assessment } from '../../shared/assessment'
import type { RosterPatch, Village } from '../../shared/roster'
import { defaultRubric2026 } from '../../shared/rubric/default'
import { signalVillages } from '../../shared/signal-gaps'
import { createStore, type Store } from '../../functions/src/storage/store'
import { assessmentPath, call, makeApp, tokensFor, units, type AccountName, type TestApp } from './harness'
import { addCommunes, type Tokens } from './review-fixtures'
import { meta, startMockedApp } from '../support/mocked-app'

/*
 * The signal-gap map after a commune moves to another review unit, is merged or renamed (issue 13 follow-up): the
 * map's per-commune items, the queue and the dashboard counters follow the commune in the transaction that moves
 * or merges it, so no reviewer sees (or exports) a commune that is no longer theirs, and a merged-away commune's
 * villages are not counted beside the successor's. Everything is read back through the API; the app's DynamoDB
 * client is mocked per command (aws-sdk-client-mock) over DynamoDB Local, so a failure can be injected into the
 * very transaction that moves.
 */

let app: TestApp
let store: Store
let real: DynamoDBDocumentClient
let ddb: AwsStub<any, any, any>
let passThrough: () => void
let tableName: string
let t: Record<AccountName, string>
let officers: Tokens
// The roster belongs to the rubrics from 2026; the year before is written as a tool would (no API for past years).
const YEAR = defaultRubric2026.year
const LAST = YEAR - 1
const A = units.sonTay.id // reviewer's unit
const B = units.lySon.id // otherReviewer's unit

/** A roster's village names in the officer's order (a stored map keeps no key order). */
const inOrder = (roster: Assessment['roster']) => Object.values(roster ?? {}).sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).map((v) => v.name)
const village = (name: string, level: Village['coverage'][string]['level']): Village => ({ name, kind: 'thon', coverage: { viettel: { level } } })

beforeAll(async () => {
  ;({ realStore: store, real, app, ddb, passThrough, tableName } = await startMockedApp())
  await store.rubrics.put(defaultRubric2026)
  t = await tokensFor(app, 'reviewer', 'otherReviewer', 'admin')
  officers = await addCommunes(app, store, A, ['mv-1', 'mv-2', 'mg-1', 'mg-2', 'mg-3', 'mg-4', 'fx-1', 'lim-1'])
})
beforeEach(() => passThrough())

/** The next TransactWriteItems of the app goes through `fn`; every other one reaches DynamoDB Local unchanged. */
function nextTransaction(fn: (input: any) => Promise<unknown>) {
  let armed = true
  ddb.on(TransactWriteCommand).callsFake((input) => {
    if (!armed) return real.send(new TransactWriteCommand(input))
    armed = false
    return fn(input)
  })
}

const patchRoster = async (communeId: string, version: number, roster: RosterPatch) => {
  const res = await call(app, 'PATCH', assessmentPath(communeId, YEAR), { token: officers[communeId]!, body: { version, roster } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.version as number
}
const map = (who: AccountName, year = YEAR, query = '') => call(app, 'GET', `/api/signal-gaps?year=${year}${query}`, { token: t[who] })
const communesOn = async (who: AccountName, year = YEAR) => {
  const res = await map(who, year)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.communes as { id: string; name: string; unitId: string; unitName: string; villages: unknown[][]; previous: unknown }[]
}
const download = async (path: string, who: AccountName) => {
  const res = await app.request(path, { headers: { authorization: `Bearer ${t[who]}` } })
  expect(res.status).toBe(200)
  return res.text()
}
/** The commune ids of the gaps in a reviewer's (or the admin's) GeoJSON and CSV exports. */
async function exported(who: AccountName, year = YEAR): Promise<{ geojson: string[]; csv: string[] }> {
  const geo = JSON.parse(await download(`/api/signal-gaps.geojson?year=${year}`, who))
  const rows: string[][] = parseCsv((await download(`/api/signal-gaps.csv?year=${year}`, who)).replace(/^\uFEFF/, ''))
  return {
    geojson: [...new Set(geo.features.map((f: { id: string }) => f.id.split('/')[0]))].sort() as string[],
    csv: [...new Set(rows.slice(1).map((r) => r[0]!))].sort(),
  }
}
const dashboardRow = async (year: number, unitId: string) => {
  const res = await call(app, 'GET', `/api/dashboard?year=${year}`, { token: t.admin })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.byUnit.find((u: { id: string }) => u.id === unitId)
}
const queue = async (who: AccountName, year = YEAR) => {
  const res = await call(app, 'GET', `/api/review/queue?year=${year}`, { token: t[who] })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.items.map((i: { communeId: string }) => i.communeId) as string[]
}
/** A past year's assessment with a roster, counted as decided, written as a tool would. */
async function pastRoster(communeId: string, roster: Record<string, Village>) {
  const a: Assessment = { ...emptyAssessment(communeId, LAST), status: 'recognised', version: 1, roster }
  await store.assessments.save(a, 0)
}

describe('a commune moved to another review unit', () => {
  it('takes its villages (every year), its queue entry and its dashboard counters to the new unit in the move', async () => {
    await pastRoster('mv-1', { p1: village('Thôn Cũ', 'none') })
    await patchRoster('mv-1', 0, { t1: { name: 'Thôn Mới', kind: 'thon', coverage: { viettel: { level: '2g' } }, location: { lat: 15.2, lng: 108.5, source: 'typed' } } })
    // A submitted roster moves the village counters (drafts count their status only).
    const submittedRoster = { s1: village('Bản Xa', 'none'), s2: village('Bản Gần', '4g') }
    await store.assessments.save({ ...emptyAssessment('mv-2', YEAR), status: 'submitted', version: 1, roster: submittedRoster }, 0)

    const before = { a: await communesOn('reviewer'), b: await communesOn('otherReviewer') }
    expect(before.a.map((c) => c.id)).toEqual(expect.arrayContaining(['mv-1', 'mv-2']))
    expect(before.b.map((c) => c.id)).not.toContain('mv-1')
    expect((await exported('reviewer')).geojson).toEqual(expect.arrayContaining(['mv-1', 'mv-2']))
    expect((await dashboardRow(YEAR, A)).without4g).toBe(1)
    expect(await queue('reviewer')).toEqual(expect.arrayContaining(['mv-1', 'mv-2']))
    const lastYearA = (await store.stats.unitTotals(LAST)).get(A)
    expect(lastYearA).toMatchObject({ 's:recognised': 1 })

    for (const id of ['mv-1', 'mv-2']) {
      const moved = await call(app, 'PATCH', `/api/admin/units/${id}`, { token: t.admin, body: { parentId: B } })
      expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    }

    // Reviewer A: gone from the map, both exports, last year's map and the queue.
    const a = await communesOn('reviewer')
    expect(a.map((c) => c.id)).not.toContain('mv-1')
    expect(a.map((c) => c.id)).not.toContain('mv-2')
    const exportsA = await exported('reviewer')
    expect(exportsA.geojson).not.toContain('mv-1')
    expect(exportsA.csv).not.toContain('mv-1')
    expect(exportsA.csv).not.toContain('mv-2')
    expect((await communesOn('reviewer', LAST)).map((c) => c.id)).not.toContain('mv-1')
    expect(await queue('reviewer')).not.toContain('mv-1')

    // Reviewer B: there, with this year's villages against last year's, and in both exports.
    const b = await communesOn('otherReviewer')
    const mv1 = b.find((c) => c.id === 'mv-1')!
    expect(mv1).toMatchObject({ unitId: B, unitName: 'Lý Sơn' })
    // This year's roster started from last year's (Thôn Cũ) and gained Thôn Mới: the item is the stored roster.
    const stored = (await call(app, 'GET', assessmentPath('mv-1', YEAR), { token: t.admin })).body.assessment as Assessment
    expect(mv1.villages).toEqual(signalVillages(stored.roster))
    expect(mv1.villages.map((v) => v[1])).toEqual(['Thôn Cũ', 'Thôn Mới'])
    expect(mv1.previous).toEqual({ p1: { viettel: 'none' } })
    expect(b.find((c) => c.id === 'mv-2')!.villages.map((v) => v[1])).toEqual(['Bản Gần', 'Bản Xa'])
    const exportsB = await exported('otherReviewer')
    expect(exportsB.geojson).toEqual(expect.arrayContaining(['mv-1', 'mv-2']))
    expect(exportsB.csv).toEqual(expect.arrayContaining(['mv-1', 'mv-2']))
    expect((await communesOn('otherReviewer', LAST)).map((c) => c.id)).toContain('mv-1')
    expect(await queue('otherReviewer')).toEqual(expect.arrayContaining(['mv-1', 'mv-2']))

    // The admin sees the new unit, on the map and its filter.
    const admin = await communesOn('admin')
    expect(admin.find((c) => c.id === 'mv-1')).toMatchObject({ unitId: B, unitName: 'Lý Sơn' })
    const unitB = await map('admin', YEAR, `&unit=${B}`)
    expect(unitB.body.communes.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['mv-1', 'mv-2']))
    expect((await map('admin', YEAR, `&unit=${A}`)).body.communes.map((c: { id: string }) => c.id)).not.toContain('mv-1')

    // The dashboard: the village counters (r:g) and the status counters left A and reached B, with no save since.
    expect((await dashboardRow(YEAR, A)).without4g ?? 0).toBe(0)
    expect((await dashboardRow(YEAR, B)).without4g).toBe(1)
    const totals = await store.stats.unitTotals(YEAR)
    expect(totals.get(A)?.['s:submitted'] ?? 0).toBe(0)
    expect(totals.get(B)?.['s:submitted']).toBe(1)
    expect(totals.get(B)?.['s:draft']).toBe(1)
    // Last year's recognised result went with it (the dashboard's base is today's tree for every year).
    expect((await store.stats.unitTotals(LAST)).get(B)).toEqual(lastYearA)
    expect((await store.stats.unitTotals(LAST)).get(A) ?? {}).toEqual({})

    // The officer's next autosave is not refused (the move changed no version) and keeps the new place.
    const v = (await call(app, 'GET', assessmentPath('mv-1', YEAR), { token: officers['mv-1']! })).body.assessment.version
    await patchRoster('mv-1', v, { t1: { coverage: { viettel: { level: '4g' } } } })
    expect((await communesOn('otherReviewer')).find((c) => c.id === 'mv-1')!.villages.find((v) => v[0] === 't1')![6]).toEqual({ viettel: '4g' })
    expect((await communesOn('reviewer')).map((c) => c.id)).not.toContain('mv-1')
  })

  it('an autosave from a process whose cache still has the old unit lands under the new one (not moved back)', async () => {
    // The officer's Lambda container keeps units for 30 s; the admin's move runs in another one.
    const { 'mv-3': officer } = await addCommunes(app, store, A, ['mv-3'])
    const officersProcess = makeApp(createStore({ client: real, tableName, cacheTtlMs: 30_000 }))
    const save = async (version: number, roster: RosterPatch) => {
      const res = await call(officersProcess, 'PATCH', assessmentPath('mv-3', YEAR), { token: officer!, body: { version, roster } })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body.version as number
    }
    const v1 = await save(0, { z1: { name: 'Thôn Lõm', kind: 'thon', coverage: { viettel: { level: 'none' } } } })
    expect((await call(app, 'PATCH', '/api/admin/units/mv-3', { token: t.admin, body: { parentId: B } })).status).toBe(200)

    await save(v1, { z1: { coverage: { viettel: { level: '3g' } } } })
    expect((await communesOn('reviewer')).map((c) => c.id)).not.toContain('mv-3')
    expect((await communesOn('otherReviewer')).find((c) => c.id === 'mv-3')).toMatchObject({ unitId: B })
    expect(await queue('reviewer')).not.toContain('mv-3')
    expect(await queue('otherReviewer')).toContain('mv-3')
    const totals = await store.stats.unitTotals(YEAR)
    const drafts = async (unit: string) => {
      let n = 0
      for (const c of await store.orgUnits.listChildren(unit)) if (c.kind === 'commune' && (await store.assessments.get(c.id, YEAR))?.status === 'draft') n++
      return n
    }
    expect(totals.get(A)?.['s:draft'] ?? 0).toBe(await drafts(A))
    expect(totals.get(B)?.['s:draft'] ?? 0).toBe(await drafts(B))
  })

  /** Each unit's draft counter equals its drafts, read back one commune at a time. */
  async function expectDraftCountersRight() {
    const totals = await store.stats.unitTotals(YEAR)
    for (const unit of [A, B]) {
      let drafts = 0
      for (const c of await store.orgUnits.listChildren(unit)) if (c.kind === 'commune' && (await store.assessments.get(c.id, YEAR))?.status === 'draft') drafts++
      expect(totals.get(unit)?.['s:draft'] ?? 0, unit).toBe(drafts)
    }
  }

  /** The commune's form, its map item and its queue entry are under B only. */
  async function expectUnderB(communeId: string) {
    expect((await communesOn('reviewer')).map((c) => c.id)).not.toContain(communeId)
    expect((await communesOn('otherReviewer')).find((c) => c.id === communeId)).toMatchObject({ unitId: B })
    expect(await queue('reviewer')).not.toContain(communeId)
    expect(await queue('otherReviewer')).toContain(communeId)
    await expectDraftCountersRight()
  }

  const thonLom = { z1: { name: 'Thôn Lõm', kind: 'thon', coverage: { viettel: { level: 'none' } } } } satisfies RosterPatch

  it("the year's first save from a process whose cache still has the old unit files the form under the new one", async () => {
    // Nothing stored yet for the year, so no stored item can say where the commune is now: the commune itself must.
    const { 'mv-4': officer } = await addCommunes(app, store, A, ['mv-4'])
    const officersStore = createStore({ client: real, tableName, cacheTtlMs: 30_000 })
    const officersProcess = makeApp(officersStore)
    expect((await officersStore.orgUnits.get('mv-4'))?.parentId).toBe(A) // in its cache now
    expect((await call(app, 'PATCH', '/api/admin/units/mv-4', { token: t.admin, body: { parentId: B } })).status).toBe(200)

    const res = await call(officersProcess, 'PATCH', assessmentPath('mv-4', YEAR), { token: officer!, body: { version: 0, roster: thonLom } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    await expectUnderB('mv-4')
    expect(inOrder((await store.assessments.get('mv-4', YEAR))?.roster)).toEqual(['Thôn Lõm'])
  })

  it('a form created while the move is being written (after it read the commune’s forms) is moved too', async () => {
    const { 'mv-5': officer } = await addCommunes(app, store, A, ['mv-5'])
    const officersProcess = makeApp(createStore({ client: real, tableName, cacheTtlMs: 30_000 }))
    let created = 0
    // The officer's first save lands between the move's read of the commune's forms and its transaction.
    nextTransaction(async (input) => {
      const res = await call(officersProcess, 'PATCH', assessmentPath('mv-5', YEAR), { token: officer!, body: { version: 0, roster: thonLom } })
      created = res.status
      return real.send(new TransactWriteCommand(input))
    })
    const moved = await call(app, 'PATCH', '/api/admin/units/mv-5', { token: t.admin, body: { parentId: B } })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    expect(created).toBe(200)
    await expectUnderB('mv-5')
  })

  it('a rename needs no write to the map: names are read live, on the map and in the exports', async () => {
    await patchRoster('fx-1', 0, { r1: { name: 'Thôn Tên', kind: 'thon', coverage: { viettel: { level: 'none' } } } })
    const renamed = await call(app, 'PATCH', '/api/admin/units/fx-1', { token: t.admin, body: { name: 'Xã Tên Mới' } })
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200)
    expect((await communesOn('reviewer')).find((c) => c.id === 'fx-1')!.name).toBe('Xã Tên Mới')
    const rows: string[][] = parseCsv((await download(`/api/signal-gaps.csv?year=${YEAR}`, 'reviewer')).replace(/^\uFEFF/, ''))
    expect(rows.find((r) => r[0] === 'fx-1')![1]).toBe('Xã Tên Mới')
    const geo = JSON.parse(await download(`/api/signal-gaps.geojson?year=${YEAR}`, 'reviewer'))
    expect(geo.features.find((f: { id: string }) => f.id === 'fx-1/r1').properties.communeName).toBe('Xã Tên Mới')
  })
})

describe('a failure while the move is written leaves nothing half moved', () => {
  async function snapshot(communeId: string) {
    return {
      unit: await store.orgUnits.get(communeId),
      a: (await communesOn('reviewer')).find((c) => c.id === communeId),
      b: (await communesOn('otherReviewer')).find((c) => c.id === communeId),
      queueA: (await queue('reviewer')).includes(communeId),
      totals: await store.stats.unitTotals(YEAR),
    }
  }

  it('an item of the transaction failing its condition on the real engine (injected last) cancels all of it: 409', async () => {
    const before = await snapshot('fx-1')
    expect(before.a).toBeDefined()
    // The move's own transaction reaches DynamoDB Local with one more item that fails: the engine must cancel the
    // unit's Put, the assessment's Update, the map item and the counters together.
    let seen = 0
    nextTransaction(async (input) => {
      seen = input.TransactItems.length
      const failing = { ConditionCheck: { TableName: input.TransactItems[0].Put.TableName, Key: { pk: 'NOPE', sk: 'NOPE' }, ConditionExpression: 'attribute_exists(pk)' } }
      return real.send(new TransactWriteCommand({ ...input, TransactItems: [...input.TransactItems, failing] }))
    })
    const res = await call(app, 'PATCH', '/api/admin/units/fx-1', { token: t.admin, body: { parentId: B } })
    expect(res.status, JSON.stringify(res.body)).toBe(409)
    // unit + assessment + map item (+ counters when the draft counted): the transaction did carry them.
    expect(seen).toBeGreaterThanOrEqual(3)
    expect(await snapshot('fx-1')).toEqual(before)
  })

  it('a throttled transaction is a 503 and writes nothing', async () => {
    const before = await snapshot('fx-1')
    ddb.on(TransactWriteCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
    const res = await call(app, 'PATCH', '/api/admin/units/fx-1', { token: t.admin, body: { parentId: B } })
    expect(res.status).toBe(503)
    passThrough()
    expect(await snapshot('fx-1')).toEqual(before)
  })

  it('an autosave landing between the move’s reads and its transaction cancels the move (409); a retry moves it', async () => {
    const before = await snapshot('fx-1')
    const v = (await call(app, 'GET', assessmentPath('fx-1', YEAR), { token: officers['fx-1']! })).body.assessment.version
    nextTransaction(async (input) => {
      // The officer's save goes straight to the table, then the move's transaction runs.
      const saved = await call(app, 'PATCH', assessmentPath('fx-1', YEAR), { token: officers['fx-1']!, body: { version: v, roster: { r1: { households: 40 } } } })
      expect(saved.status, JSON.stringify(saved.body)).toBe(200)
      return real.send(new TransactWriteCommand(input))
    })
    const res = await call(app, 'PATCH', '/api/admin/units/fx-1', { token: t.admin, body: { parentId: B } })
    expect(res.status, JSON.stringify(res.body)).toBe(409)
    const after = await snapshot('fx-1')
    expect(after.unit).toEqual(before.unit)
    expect(after.b).toBeUndefined()
    expect(after.a!.villages[0]![3]).toBe(40) // the officer's save is kept
    expect(after.totals).toEqual(before.totals)

    const retried = await call(app, 'PATCH', '/api/admin/units/fx-1', { token: t.admin, body: { parentId: B } })
    expect(retried.status, JSON.stringify(retried.body)).toBe(200)
    expect((await communesOn('otherReviewer')).find((c) => c.id === 'fx-1')!.villages[0]![3]).toBe(40)
    expect((await communesOn('reviewer')).map((c) => c.id)).not.toContain('fx-1')
  })
})

describe('a merge of communes with rosters', () => {
  it('into an existing commune placed under another unit: the merged-away villages leave the map, the successor’s match its assessment, everywhere', async () => {
    await pastRoster('mg-1', { p1: village('Thôn Xưa', 'none') })
    await patchRoster('mg-1', 0, { a1: { name: 'Thôn Một', kind: 'thon', coverage: { viettel: { level: 'none' } } } })
    await patchRoster('mg-2', 0, { b1: { name: 'Thôn Hai', kind: 'thon', coverage: { viettel: { level: '3g' } } }, b2: { name: 'Thôn Ba', kind: 'thon', coverage: { viettel: { level: '4g' } } } })
    expect((await communesOn('reviewer')).map((c) => c.id)).toEqual(expect.arrayContaining(['mg-1', 'mg-2']))
    const recognisedBefore = async (u: string) => (await store.stats.unitTotals(LAST)).get(u)?.['s:recognised'] ?? 0
    const [lastA, lastB] = [await recognisedBefore(A), await recognisedBefore(B)]

    const res = await call(app, 'POST', '/api/admin/units/merge', {
      token: t.admin,
      body: { into: { id: 'mg-1', name: 'Xã Hợp', parentId: B }, from: ['mg-2'] },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)

    const successor = (await call(app, 'GET', assessmentPath('mg-1', YEAR), { token: t.admin })).body.assessment as Assessment
    const admin = await communesOn('admin')
    expect(admin.map((c) => c.id)).not.toContain('mg-2')
    const mg1 = admin.find((c) => c.id === 'mg-1')!
    expect(mg1).toMatchObject({ name: 'Xã Hợp', unitId: B, unitName: 'Lý Sơn' })
    // The successor's draft carries both communes' villages (its own first), and the map shows exactly those.
    // Villages without an order come by name, each commune's after the previous one's.
    expect(inOrder(successor.roster)).toEqual(['Thôn Một', 'Thôn Xưa', 'Thôn Ba', 'Thôn Hai'])
    expect((successor as any).mergedFrom.fields.roster).toEqual({ rule: 'sum', from: ['mg-1', 'mg-2'] })
    expect(mg1.villages).toEqual(signalVillages(successor.roster))
    // Counted once: four villages on the whole map for these two communes, none under the retired one.
    expect(admin.filter((c) => c.id.startsWith('mg-1') || c.id.startsWith('mg-2')).flatMap((c) => c.villages)).toHaveLength(4)
    expect((await exported('admin')).csv).not.toContain('mg-2')
    expect((await exported('admin')).geojson).not.toContain('mg-2')
    // Old unit's reviewer: neither; new unit's: the successor, this year and (moved with it) last year.
    expect((await communesOn('reviewer')).map((c) => c.id).filter((id) => id.startsWith('mg-'))).toEqual([])
    expect((await exported('reviewer')).csv.filter((id) => id.startsWith('mg-'))).toEqual([])
    expect((await communesOn('otherReviewer')).map((c) => c.id)).toContain('mg-1')
    expect((await communesOn('otherReviewer', LAST)).map((c) => c.id)).toContain('mg-1')
    expect((await communesOn('reviewer', LAST)).map((c) => c.id)).not.toContain('mg-1')
    expect([await recognisedBefore(A), await recognisedBefore(B)]).toEqual([lastA - 1, lastB + 1])
  })

  it('into a new commune: both predecessors leave the map; the successor shows their villages together, from its assessment', async () => {
    await patchRoster('mg-3', 0, { c1: { name: 'Làng Ba', kind: 'lang', coverage: { viettel: { level: 'none' } } } })
    await patchRoster('mg-4', 0, { d1: { name: 'Làng Bốn', kind: 'lang', coverage: { viettel: { level: '2g' } } } })
    const res = await call(app, 'POST', '/api/admin/units/merge', { token: t.admin, body: { into: { id: 'mg-34', name: 'Xã Ba Bốn', parentId: A }, from: ['mg-3', 'mg-4'] } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const successor = (await call(app, 'GET', assessmentPath('mg-34', YEAR), { token: t.admin })).body.assessment as Assessment
    const a = await communesOn('reviewer')
    expect(a.map((c) => c.id)).not.toContain('mg-3')
    expect(a.map((c) => c.id)).not.toContain('mg-4')
    expect(inOrder(successor.roster)).toEqual(['Làng Ba', 'Làng Bốn'])
    const onMap = a.find((c) => c.id === 'mg-34')!
    expect(onMap).toMatchObject({ name: 'Xã Ba Bốn', unitId: A })
    expect(onMap.villages).toEqual(signalVillages(successor.roster))
    // The successor's event lists the villages it gained.
    const timeline = await call(app, 'GET', `${assessmentPath('mg-34', YEAR)}/timeline`, { token: t.admin })
    expect(JSON.stringify(timeline.body)).toContain('roster.c1')
    const csv = (await exported('reviewer')).csv
    expect(csv).not.toContain('mg-3')
    expect(csv).not.toContain('mg-4')
    expect(csv).toContain('mg-34')
  })

  it('keeping one commune’s draft keeps its roster; a same village id in both communes is not lost when merged', async () => {
    await addCommunes(app, store, A, ['mk-1', 'mk-2', 'mk-3', 'mk-4'])
    for (const [id, name] of [['mk-1', 'Thôn Một'], ['mk-2', 'Thôn Hai'], ['mk-3', 'Thôn Ba'], ['mk-4', 'Thôn Bốn']] as const)
      await store.assessments.save({ ...emptyAssessment(id, YEAR), version: 1, roster: { t1: village(name, 'none') } }, 0)
    const keep = await call(app, 'POST', '/api/admin/units/merge', { token: t.admin, body: { into: { id: 'mk-12', name: 'Xã Giữ', parentId: A }, from: ['mk-1', 'mk-2'], drafts: { mode: 'keep', communeId: 'mk-2' } } })
    expect(keep.status, JSON.stringify(keep.body)).toBe(200)
    const kept = (await call(app, 'GET', assessmentPath('mk-12', YEAR), { token: t.admin })).body.assessment as Assessment
    expect(kept.roster).toEqual({ t1: village('Thôn Hai', 'none') })
    const both = await call(app, 'POST', '/api/admin/units/merge', { token: t.admin, body: { into: { id: 'mk-34', name: 'Xã Gộp', parentId: A }, from: ['mk-3', 'mk-4'] } })
    expect(both.status, JSON.stringify(both.body)).toBe(200)
    const merged = (await call(app, 'GET', assessmentPath('mk-34', YEAR), { token: t.admin })).body.assessment as Assessment
    expect(Object.entries(merged.roster!).map(([id, v]) => [id, v.name, v.order]).sort((a, b) => (a[2] as number) - (b[2] as number))).toEqual([
      ['t1', 'Thôn Ba', 0],
      ['t1-2', 'Thôn Bốn', 1],
    ])
    const onMap = await communesOn('reviewer')
    expect(onMap.find((c) => c.id === 'mk-12')!.villages.map((v) => v[1])).toEqual(['Thôn Hai'])
    expect(onMap.find((c) => c.id === 'mk-34')!.villages.map((v) => v[1])).toEqual(['Thôn Ba', 'Thôn Bốn'])
    expect(onMap.map((c) => c.id).filter((id) => /^mk-\d$/.test(id))).toEqual([])
  })

  it('a failure injected into the merge’s own transaction (real engine) leaves both communes and their villages on the map, no successor', async () => {
    Object.assign(officers, await addCommunes(app, store, A, ['mf-1', 'mf-2']))
    await patchRoster('mf-1', 0, { f1: { name: 'Thôn Lỗi', kind: 'thon', coverage: { viettel: { level: 'none' } } } })
    await patchRoster('mf-2', 0, { f2: { name: 'Thôn Hỏng', kind: 'thon', coverage: { viettel: { level: '2g' } } } })
    const before = (await communesOn('reviewer')).filter((c) => c.id.startsWith('mf-'))
    const totals = await store.stats.unitTotals(YEAR)
    let items: string[] = []
    nextTransaction(async (input) => {
      items = input.TransactItems.map((i: Record<string, { Key?: { pk: string }; Item?: { pk: string } }>) => {
        const [kind, body] = Object.entries(i)[0]!
        return `${kind} ${(body.Key ?? body.Item)!.pk}`
      })
      const failing = { ConditionCheck: { TableName: input.TransactItems[0].Put.TableName, Key: { pk: 'NOPE', sk: 'NOPE' }, ConditionExpression: 'attribute_exists(pk)' } }
      return real.send(new TransactWriteCommand({ ...input, TransactItems: [...input.TransactItems, failing] }))
    })
    const res = await call(app, 'POST', '/api/admin/units/merge', { token: t.admin, body: { into: { id: 'mf-12', name: 'Xã Lỗi', parentId: A }, from: ['mf-1', 'mf-2'] } })
    expect(res.status, JSON.stringify(res.body)).toBe(409)
    // The transaction did carry the map's writes: two Deletes and the successor's Put on SIGNAL# partitions.
    expect(items.filter((i) => i.startsWith('Delete SIGNAL#'))).toHaveLength(2)
    expect(items.filter((i) => i.startsWith('Put SIGNAL#'))).toHaveLength(1)
    expect((await communesOn('reviewer')).filter((c) => c.id.startsWith('mf-'))).toEqual(before)
    expect(await store.orgUnits.get('mf-12')).toBeUndefined()
    expect((await store.orgUnits.get('mf-1'))?.retired).toBeUndefined()
    expect(await store.stats.unitTotals(YEAR)).toEqual(totals)
  })

  it('rosters that together exceed the roster limit are refused (400 naming drafts), nothing merged', async () => {
    await addCommunes(app, store, A, ['mx-1', 'mx-2'])
    const many = (prefix: string) => Object.fromEntries(Array.from({ length: 151 }, (_, i) => [`${prefix}${i}`, village(`Thôn ${prefix}${i}`, '4g')]))
    for (const id of ['mx-1', 'mx-2']) await store.assessments.save({ ...emptyAssessment(id, YEAR), version: 1, roster: many(id === 'mx-1' ? 'a' : 'b') }, 0)
    const res = await call(app, 'POST', '/api/admin/units/merge', { token: t.admin, body: { into: { id: 'mx-12', name: 'Xã Lớn', parentId: A }, from: ['mx-1', 'mx-2'] } })
    expect(res.status).toBe(400)
    expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'drafts', code: 'too_many_villages' })])
    expect(await store.orgUnits.get('mx-12')).toBeUndefined()
    expect((await communesOn('reviewer')).map((c) => c.id)).toEqual(expect.arrayContaining(['mx-1', 'mx-2']))
  })
})

describe('near DynamoDB’s 100-item transaction limit', () => {
  it('a move needing 1 + 4 items per year fits up to 24 years; one more year is refused (400 naming parentId) before anything is written', async () => {
    // Submitted with a roster: per year the assessment's Update, its map item, the old and the new unit's counters.
    const years = Array.from({ length: 25 }, (_, i) => 2001 + i)
    for (const year of years.slice(0, 24))
      await store.assessments.save({ ...emptyAssessment('lim-1', year), status: 'submitted', version: 1, roster: { v1: village('Thôn Biên', 'none') } }, 0)
    const moved = await call(app, 'PATCH', '/api/admin/units/lim-1', { token: t.admin, body: { parentId: B } })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    for (const year of [2001, 2024]) {
      expect((await communesOn('otherReviewer', year)).map((c) => c.id)).toEqual(['lim-1'])
      expect((await communesOn('reviewer', year)).map((c) => c.id)).toEqual([])
    }

    await store.assessments.save({ ...emptyAssessment('lim-1', 2025), status: 'submitted', version: 1, roster: { v1: village('Thôn Biên', 'none') } }, 0)
    const refused = await call(app, 'PATCH', '/api/admin/units/lim-1', { token: t.admin, body: { parentId: A } })
    expect(refused.status).toBe(400)
    expect(refused.body.error.fields).toEqual([expect.objectContaining({ field: 'parentId', code: 'too_large' })])
    expect(JSON.stringify(refused.body.error.fields[0].message)).toContain('101')
    expect((await store.orgUnits.get('lim-1'))?.parentId).toBe(B)
    expect((await communesOn('otherReviewer', 2001)).map((c) => c.id)).toEqual(['lim-1'])
  })
})

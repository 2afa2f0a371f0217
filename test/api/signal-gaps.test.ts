import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { emptyAssessment } from '../../shared/assessment'
import { parse as parseCsv } from 'csv-parse/sync'
import type { RosterPatch, Village } from '../../shared/roster'
import { signalPartition, SIGNAL_SHARDS } from '../../functions/src/storage/signal-gaps'
import type { Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { assessmentPath, call, makeApp, seedFixtures, tokensFor, units, type AccountName, type TestApp } from './harness'
import { defaultRubric2026 } from '../../shared/rubric/default'

/*
 * The signal-gap map (issue 13) against DynamoDB Local: the per-commune item written in the officer's save
 * transaction and read back through GET /api/signal-gaps, who sees what, this year against last, and the
 * GeoJSON / CSV exports parsed back.
 */

let app: TestApp
let store: Store
let client: DynamoDBDocumentClient
let tableName: string
let t: Record<AccountName, string>
// The roster belongs to the rubrics from 2026 (rubric-2026.json: Viettel, VNPT, MobiFone).
const YEAR = defaultRubric2026.year
const LAST = YEAR - 1

const village = (name: string, coverage: Village['coverage'], extra: Partial<Village> = {}): Village => ({ name, kind: 'thon', coverage, ...extra })

beforeAll(async () => {
  ;({ store, client, tableName } = await createTestTable())
  await seedFixtures(store)
  await store.rubrics.put(defaultRubric2026)
  app = makeApp(store)
  t = await tokensFor(app, 'officer', 'islandOfficer', 'reviewer', 'otherReviewer', 'admin')
  // Last year, written as a tool would (no API for past years): Sơn Dung had two villages without 4G.
  await store.assessments.save(
    {
      ...emptyAssessment(units.sonDung.id, LAST),
      version: 1,
      roster: {
        t1: village('Thôn 1', { viettel: { level: '3g' }, vnpt: { level: '2g' } }),
        t2: village('Làng Rêu', { viettel: { level: 'none' } }),
        t3: village('Thôn 3', { viettel: { level: '4g' } }),
      },
    },
    0,
  )
})

const patch = async (who: AccountName, communeId: string, version: number, roster: RosterPatch) => {
  const res = await call(app, 'PATCH', assessmentPath(communeId, YEAR), { token: t[who], body: { version, roster } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.version as number
}
const map = (who: AccountName, query = '') => call(app, 'GET', `/api/signal-gaps?year=${YEAR}${query}`, { token: t[who] })

async function signalItems(year: number) {
  const out: Record<string, unknown>[] = []
  for (let shard = 0; shard < SIGNAL_SHARDS; shard++) {
    const page = await client.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': signalPartition(year, shard) } }))
    out.push(...(page.Items ?? []))
  }
  return out
}

let sonDungVersion = 0

describe('items kept at write time', () => {
  it('the officer’s roster save writes the commune’s item in the same save; an answers-only save leaves it alone', async () => {
    sonDungVersion = await patch('officer', units.sonDung.id, 0, {
      t1: { name: 'Thôn 1', kind: 'thon', households: 120, coverage: { viettel: { level: '3g', weak: true }, vnpt: { level: '2g' } }, location: { lat: 15.123456, lng: 108.1, source: 'typed' }, order: 0 },
      t2: { name: 'Làng Rêu', kind: 'lang', coverage: { viettel: { level: 'none' } }, order: 1 },
      t3: { name: 'Thôn 3', kind: 'thon', coverage: { viettel: { level: '4g' } }, order: 2 },
    })
    const items = await signalItems(YEAR)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ communeId: units.sonDung.id, unitId: units.sonTay.id, path: [units.sonTay.id, units.province.id], version: sonDungVersion })
    expect(JSON.parse(items[0]!.villages as string)).toEqual([
      ['t1', 'Thôn 1', 'thon', 120, 15.12346, 108.1, { viettel: '3gw', vnpt: '2g' }],
      ['t2', 'Làng Rêu', 'lang', null, null, null, { viettel: 'none' }],
      ['t3', 'Thôn 3', 'thon', null, null, null, { viettel: '4g' }],
    ])

    // An autosave of a fact: the signal item keeps the version of the last roster change.
    const res = await call(app, 'PATCH', assessmentPath(units.sonDung.id, YEAR), { token: t.officer, body: { version: sonDungVersion, profile: { households: 900 } } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    sonDungVersion = res.body.version
    expect((await signalItems(YEAR))[0]!.version).toBe(sonDungVersion - 1)
  })

  it('a village created without a name is refused naming the field, and nothing is written', async () => {
    const res = await call(app, 'PATCH', assessmentPath(units.sonDung.id, YEAR), { token: t.officer, body: { version: sonDungVersion, roster: { t9: { households: 3 } } } })
    expect([400, 422]).toContain(res.status)
    expect(res.body.error.fields.map((f: any) => f.field).some((f: string) => f.startsWith('roster.t9'))).toBe(true)
    expect(JSON.parse((await signalItems(YEAR))[0]!.villages as string)).toHaveLength(3)
  })
})

describe('GET /api/signal-gaps', () => {
  it('admin: every village of the province with today’s names, and this year against last', async () => {
    await patch('islandOfficer', units.anVinh.id, 0, { a1: { name: 'Thôn Đông', kind: 'thon', coverage: { viettel: { level: '2g' } }, location: { lat: 15.38, lng: 109.11, source: 'gps', accuracy: 12 } } })
    const res = await map('admin')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.unit).toEqual({ id: units.province.id, name: units.province.name })
    expect(res.body.communes.map((c: any) => [c.name, c.unitName])).toEqual([
      ['An Vĩnh', 'Lý Sơn'],
      ['Sơn Dung', 'Sơn Tây'],
    ])
    const sonDung = res.body.communes[1]
    expect(sonDung.villages.map((v: any[]) => v[1])).toEqual(['Thôn 1', 'Làng Rêu', 'Thôn 3'])
    expect(sonDung.previous).toEqual({ t1: { viettel: '3g', vnpt: '2g' }, t2: { viettel: 'none' }, t3: { viettel: '4g' } })
    expect(res.body.operators.map((o: any) => o.id)).toEqual(['viettel', 'vnpt', 'mobifone'])
    // t1, t2 gaps both years; Thôn Đông a new gap (no roster last year).
    expect(res.body.compare).toEqual({ gained: 0, stillMissing: 2, newGaps: 1 })
    expect(res.body.previousCommunes).toBe(1)
  })

  it('a village gaining 4G moves from "still missing" to "gained"; weak 4G counts as a gap only when asked', async () => {
    sonDungVersion = await patch('officer', units.sonDung.id, sonDungVersion, { t1: { coverage: { vnpt: { level: '4g', weak: true } } } })
    expect((await map('admin')).body.compare).toEqual({ gained: 1, stillMissing: 1, newGaps: 1 })
    expect((await map('admin', '&weak=true')).body.compare).toEqual({ gained: 0, stillMissing: 2, newGaps: 1 })
    // On Viettel alone, Thôn 1 still has no 4G.
    expect((await map('admin', '&operator=viettel')).body.compare).toEqual({ gained: 0, stillMissing: 2, newGaps: 1 })
  })

  it('a rename shows at once (names at read time)', async () => {
    await store.orgUnits.put({ ...units.sonDung, name: 'Sơn Dung mới' })
    try {
      const res = await map('admin', `&unit=${units.sonTay.id}`)
      expect(res.body.communes.map((c: any) => c.name)).toEqual(['Sơn Dung mới'])
    } finally {
      await store.orgUnits.put(units.sonDung)
    }
  })

  it('reviewer: their own unit only; another unit is 403; officer 403; no token 401', async () => {
    const own = await map('reviewer')
    expect(own.status).toBe(200)
    expect(own.body.communes.map((c: any) => c.id)).toEqual([units.sonDung.id])
    expect((await map('otherReviewer')).body.communes.map((c: any) => c.id)).toEqual([units.anVinh.id])
    expect((await map('reviewer', `&unit=${units.lySon.id}`)).status).toBe(403)
    expect((await map('officer')).status).toBe(403)
    expect((await call(app, 'GET', `/api/signal-gaps?year=${YEAR}`)).status).toBe(401)
  })

  it('bad input is 400 naming the field; an unknown unit is 404', async () => {
    const bad = await map('admin', '&operator=Viettel!')
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields.map((f: any) => f.field)).toContain('operator')
    expect((await map('admin', '&weak=maybe')).status).toBe(400)
    expect((await call(app, 'GET', '/api/signal-gaps?year=abc', { token: t.admin })).status).toBe(400)
    expect((await map('admin', '&unit=nowhere')).status).toBe(404)
  })
})

describe('dashboard: thôn chưa có sóng 4G', () => {
  it('drafts move no counter (autosaves never do); last year without a roster counted shows no change', async () => {
    // The counters are the dashboard's (test/api/roster.test.ts counts a submitted and a reviewed roster); the
    // map above shows every saved roster, drafts included.
    const res = await call(app, 'GET', `/api/dashboard?year=${YEAR}`, { token: t.admin })
    expect(res.status).toBe(200)
    expect(res.body.current.villages).toEqual({ villages: 0, without4g: 0, householdsWithout4g: 0 })
    const row = Object.fromEntries(res.body.byUnit.map((u: any) => [u.id, [u.without4g, u.without4gBefore]]))
    expect(row).toEqual({ [units.sonTay.id]: [0, null], [units.lySon.id]: [0, null] })
  })
})

describe('exports', () => {
  const download = (path: string, token = t.admin) => app.request(path, { headers: { authorization: `Bearer ${token}` } })

  it('GeoJSON: a valid FeatureCollection of the gaps, [lng, lat], unlocated villages with a null geometry', async () => {
    const res = await download(`/api/signal-gaps.geojson?year=${YEAR}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/geo+json')
    expect(res.headers.get('content-disposition')).toContain('filename="Vung-lom-song-2026-Quang-Ngai.geojson"')
    const geo = JSON.parse(await res.text())
    expect(geo.type).toBe('FeatureCollection')
    // Gaps on any operator: Thôn Đông (2G) and Làng Rêu (none); Thôn 1 has 4G (weak) on VNPT now, Thôn 3 4G.
    const byId = Object.fromEntries(geo.features.map((f: any) => [f.id, f]))
    expect(Object.keys(byId).sort()).toEqual([`${units.anVinh.id}/a1`, `${units.sonDung.id}/t2`])
    for (const f of geo.features) {
      expect(f.type).toBe('Feature')
      if (f.geometry !== null) {
        expect(f.geometry.type).toBe('Point')
        const [lng, lat] = f.geometry.coordinates
        expect(lng).toBeGreaterThan(100)
        expect(lat).toBeLessThan(30)
      }
    }
    expect(byId[`${units.anVinh.id}/a1`].geometry.coordinates).toEqual([109.11, 15.38])
    expect(byId[`${units.anVinh.id}/a1`].properties).toMatchObject({ communeName: 'An Vĩnh', unitName: 'Lý Sơn', villageName: 'Thôn Đông', best: '2g', viettel: '2g', trend: 'new_gap' })
    expect(byId[`${units.sonDung.id}/t2`].geometry).toBeNull()
    expect(byId[`${units.sonDung.id}/t2`].properties.trend).toBe('still_missing')

    // With weak 4G counted as a gap, Thôn 1 joins; a reviewer's export holds their unit only.
    const weak = JSON.parse(await (await download(`/api/signal-gaps.geojson?year=${YEAR}&weak=true`, t.reviewer)).text())
    expect(weak.features.map((f: any) => f.properties.villageName).sort()).toEqual(['Làng Rêu', 'Thôn 1'])
    expect((await download(`/api/signal-gaps.geojson?year=${YEAR}`, t.officer)).status).toBe(403)
  })

  it('CSV: UTF-8 with BOM, one row per gap, coverage per operator', async () => {
    const res = await download(`/api/signal-gaps.csv?year=${YEAR}&operator=viettel`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows: string[][] = parseCsv(new TextDecoder().decode(bytes))
    expect(rows[0]).toEqual(['Mã xã', 'Xã', 'Đơn vị', 'Mã thôn', 'Thôn', 'Loại', 'Số hộ', 'Vĩ độ', 'Kinh độ', 'Sóng tốt nhất', 'Viettel', 'Viettel - yếu', 'VNPT (VinaPhone)', 'VNPT (VinaPhone) - yếu', 'MobiFone', 'MobiFone - yếu', 'So với năm trước'])
    // On Viettel: Thôn Đông (2G), Thôn 1 (3G weak), Làng Rêu (none); Thôn 3 has 4G.
    expect(rows.slice(1).map((r) => r[4])).toEqual(['Thôn Đông', 'Thôn 1', 'Làng Rêu'])
    const thon1 = rows.find((r) => r[4] === 'Thôn 1')!
    expect(thon1.slice(6)).toEqual(['120', '15.12346', '108.1', '3g', '3g', 'có', '4g', 'có', 'none', '', 'Vẫn chưa có'])
  })
})

describe('the reviewer’s adjusted village row reaches the map', () => {
  it('a reviewer who measured 4G in Thôn Đông takes it off the gaps, in the same save as the adjustment', async () => {
    const { perfectAnswers, profile: fullProfile } = await import('./review-fixtures')
    // What the 2026 rubric derives from the roster is not typed.
    const derived = new Set(['A3.2', 'A3.3', 'A3.5', 'A4.2', 'D8'])
    const answers = Object.fromEntries(Object.entries(perfectAnswers()).filter(([id]) => !derived.has(id)))
    const { villages: _villages, ...profile } = fullProfile
    const path = assessmentPath(units.anVinh.id, YEAR)
    const current = (await call(app, 'GET', path, { token: t.islandOfficer })).body.assessment
    const filled = await call(app, 'PATCH', path, { token: t.islandOfficer, body: { version: current.version, profile, answers } })
    expect(filled.status, JSON.stringify(filled.body)).toBe(200)
    const submitted = await call(app, 'POST', `${path}/submit`, { token: t.islandOfficer, body: { version: filled.body.version } })
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
    const before = (await map('otherReviewer')).body.communes[0].villages
    expect(before.map((v: any[]) => v[6])).toEqual([{ viettel: '2g' }])

    const adjusted = { name: 'Thôn Đông', kind: 'thon', coverage: { viettel: { level: '4g' } }, location: { lat: 15.38, lng: 109.11, source: 'gps', accuracy: 12 } }
    const res = await call(app, 'POST', `${path}/roster-reviews/a1`, {
      token: t.otherReviewer,
      body: { version: submitted.body.assessment.version, village: adjusted, reason: 'Đo thực tế có 4G Viettel' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const after = await map('otherReviewer')
    expect(after.body.communes[0].villages.map((v: any[]) => v[6])).toEqual([{ viettel: '4g' }])
    expect(after.body.compare).toEqual({ gained: 0, stillMissing: 0, newGaps: 0 })
    // The dashboard counts the submitted roster with the reviewer's row in place once decided (roster.test.ts).
  })
})

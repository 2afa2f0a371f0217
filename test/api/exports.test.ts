import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportColumns } from '../../shared/export-columns'
import { defaultRubric2025 } from '../../shared/rubric/default'
import { flattenIndicators } from '../../shared/rubric/walk'
import { scoreAssessment } from '../../shared/scoring'
import type { Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { assessmentPath, call, completeAnswers, makeApp, seedFixtures, tokensFor, units, type AccountName, type TestApp } from './harness'
import { act, addCommunes, approved, freshYear, perfectAnswers, profile, submitted } from './review-fixtures'

let app: TestApp
let store: Store
let t: Record<AccountName, string>
let year: number
const rubric = defaultRubric2025
const columns = exportColumns(rubric)
const col = (key: string) => columns.findIndex((c) => c.key === key)

/** The raw bytes of a download (app.request, as the browser's fetch would see them). */
async function download(path: string, token?: string) {
  const res = await app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  const bytes = Buffer.from(await res.arrayBuffer())
  return { status: res.status, headers: res.headers, bytes }
}

const csvRows = (bytes: Buffer) => parse(bytes.toString('utf8'), { bom: true }) as string[][]

async function xlsxSheets(bytes: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const rows = (name: string) => {
    const out: unknown[][] = []
    wb.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)))
    return out
  }
  return { names: wb.worksheets.map((w) => w.name), rows }
}

// Fixtures: in `year`, Sơn Dung recognised (decision 15/QĐ-UBND), Sơn Mùa submitted with a half-filled form and a
// commune name that looks like a formula, An Vĩnh (Lý Sơn) submitted.
beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  app = makeApp(store)
  t = await tokensFor(app, 'officer', 'otherOfficer', 'islandOfficer', 'reviewer', 'otherReviewer', 'admin')
  year = await freshYear(store)
  const v = await approved(app, t.officer, t.reviewer, units.sonDung.id, year)
  const rec = await act(app, t.admin, units.sonDung.id, year, 'recognise', { version: v, decisionNumber: '15/QĐ-UBND', decisionDate: '2025-06-30' })
  expect(rec.status).toBe(200)
  await store.orgUnits.put({ ...units.sonMua, name: '=HYPERLINK("http://x","Sơn Mùa")' })
  const partial = completeAnswers()
  const half = Object.fromEntries(Object.entries(partial.answers).slice(0, 20))
  const saved = await call(app, 'PATCH', assessmentPath(units.sonMua.id, year), { token: t.otherOfficer, body: { version: 0, profile: partial.profile, answers: half } })
  expect(saved.status).toBe(200)
  await submitted(app, t.islandOfficer, units.anVinh.id, year)
})

describe('CSV', () => {
  it('has a BOM, one Vietnamese header row and a row per assessment of the province whose values and points are scoreAssessment’s', async () => {
    const res = await download(`/api/exports/assessments.csv?year=${year}`, t.admin)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = csvRows(res.bytes)
    expect(rows[0]).toEqual(columns.map((c) => c.header.vi))
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([units.anVinh.id, units.sonDung.id, units.sonMua.id].sort())
    for (const row of rows.slice(1)) expect(row).toHaveLength(columns.length)

    for (const communeId of [units.sonDung.id, units.sonMua.id, units.anVinh.id]) {
      const row = rows.find((r) => r[0] === communeId)!
      const assessment = (await store.assessments.get(communeId, year))!
      const score = scoreAssessment(rubric, assessment)
      expect(Number(row[col('total')])).toBe(score.total)
      for (const p of score.pillars) expect(Number(row[col(`pillar.${p.id}`)])).toBe(p.points)
      for (const { indicator } of flattenIndicators(rubric)) {
        expect(Number(row[col(`points.${indicator.id}`)]), `${communeId} ${indicator.id}`).toBe(score.indicators[indicator.id]!.points)
        if (!assessment.answers[indicator.id]) expect(row[col(`value.${indicator.id}`)]).toBe('')
      }
    }
    const sonDung = rows.find((r) => r[0] === units.sonDung.id)!
    expect(sonDung[col('commune')]).toBe('Sơn Dung')
    expect(sonDung[col('reviewUnit')]).toBe('Sơn Tây')
    expect(sonDung[col('status')]).toBe('Đã công nhận')
    expect(sonDung[col('verdict')]).toBe('Đủ điều kiện')
    expect(sonDung[col('decisionNumber')]).toBe('15/QĐ-UBND')
    expect(sonDung[col('decisionDate')]).toBe('2025-06-30')
    // A ratio whose denominator is a profile fact, as typed: numerator/denominator (percentage).
    const ratio = flattenIndicators(rubric).find((f) => f.indicator.input.kind === 'ratio' && 'profile' in f.indicator.input.denominator)!.indicator
    const den = profile[(ratio.input as { denominator: { profile: string } }).denominator.profile]!
    expect(sonDung[col(`value.${ratio.id}`)]).toBe(`${(perfectAnswers()[ratio.id] as { numerator: number }).numerator}/${den} (100%)`)
    // The formula-looking commune name is text, not a formula.
    expect(rows.find((r) => r[0] === units.sonMua.id)![col('commune')]).toBe(`'=HYPERLINK("http://x","Sơn Mùa")`)
  })

  it('names the file with the year and the unit (RFC 5987 for the diacritics)', async () => {
    const res = await download(`/api/exports/assessments.csv?year=${year}&unitId=${units.sonTay.id}`, t.admin)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Danh-gia-${year}-Son-Tay.csv"; filename*=UTF-8''${encodeURIComponent(`Đánh giá ${year} - Sơn Tây.csv`)}`,
    )
    expect(csvRows(res.bytes).slice(1).map((r) => r[0]).sort()).toEqual([units.sonDung.id, units.sonMua.id].sort())
  })

  it('gives a reviewer their own unit (with or without unitId)', async () => {
    for (const path of [`/api/exports/assessments.csv?year=${year}`, `/api/exports/assessments.csv?year=${year}&unitId=${units.lySon.id}`]) {
      const res = await download(path, t.otherReviewer)
      expect(res.status).toBe(200)
      expect(csvRows(res.bytes).slice(1).map((r) => r[0])).toEqual([units.anVinh.id])
    }
  })

  it('is a header only for a year without assessments', async () => {
    const empty = await freshYear(store)
    const res = await download(`/api/exports/assessments.csv?year=${empty}`, t.admin)
    expect(res.status).toBe(200)
    expect(csvRows(res.bytes)).toEqual([columns.map((c) => c.header.vi)])
  })
})

describe('XLSX', () => {
  it('reads back: the data sheet matches the CSV cell for cell, numbers as numbers, and a bilingual legend', async () => {
    const res = await download(`/api/exports/assessments.xlsx?year=${year}`, t.admin)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`Đánh giá ${year} - Quảng Ngãi.xlsx`)}`)
    const { names, rows } = await xlsxSheets(res.bytes)
    expect(names).toEqual(['Đánh giá', 'Chú thích - Legend'])
    const data = rows('Đánh giá')
    expect(data[0]).toEqual(columns.map((c) => c.header.vi))
    expect(data).toHaveLength(4)

    const csv = csvRows((await download(`/api/exports/assessments.csv?year=${year}`, t.admin)).bytes)
    for (const row of data.slice(1)) {
      const communeId = row[0] as string
      const csvRow = csv.find((r) => r[0] === communeId)!
      const assessment = (await store.assessments.get(communeId, year))!
      const score = scoreAssessment(rubric, assessment)
      expect(row[col('total')]).toBe(score.total)
      for (const { indicator } of flattenIndicators(rubric)) expect(row[col(`points.${indicator.id}`)]).toBe(score.indicators[indicator.id]!.points)
      // Same content as the CSV (empty cells are absent in exceljs's row.values; the CSV guards formulas with ').
      columns.forEach((_, i) => expect(String(row[i] ?? ''), `${communeId} ${columns[i]!.key}`).toBe(csvRow[i]!.replace(/^'(?=[=+\-@])/, '')))
    }
    const legend = rows('Chú thích - Legend')
    expect(legend[0]).toEqual(['Cột (tiếng Việt)', 'Column (English)', 'Nội dung', 'Meaning'])
    expect(legend.slice(1).map((r) => r[1])).toEqual(columns.map((c) => c.header.en))
  })
})

describe('scope and bad input', () => {
  it('refuses officers, reviewers outside their unit, admins outside their province, and anonymous callers', async () => {
    for (const format of ['csv', 'xlsx']) {
      expect((await call(app, 'GET', `/api/exports/assessments.${format}?year=${year}`, { token: t.officer })).status).toBe(403)
      expect((await call(app, 'GET', `/api/exports/assessments.${format}?year=${year}&unitId=${units.lySon.id}`, { token: t.reviewer })).status).toBe(403)
      expect((await call(app, 'GET', `/api/exports/assessments.${format}?year=${year}&unitId=${units.province.id}`, { token: t.reviewer })).status).toBe(403)
      expect((await call(app, 'GET', `/api/exports/assessments.${format}?year=${year}`)).status).toBe(401)
    }
    await store.orgUnits.put({ id: 'dng', kind: 'province', name: 'Đà Nẵng' })
    expect((await call(app, 'GET', `/api/exports/assessments.csv?year=${year}&unitId=dng`, { token: t.admin })).status).toBe(403)
    expect((await call(app, 'GET', `/api/exports/assessments.csv?year=${year}&unitId=nope`, { token: t.admin })).status).toBe(404)
    expect((await call(app, 'GET', `/api/exports/recognised?year=${year}`, { token: t.reviewer })).status).toBe(403)
    expect((await call(app, 'GET', `/api/exports/recognised?year=${year}`, { token: t.officer })).status).toBe(403)
  })

  it('answers 400 naming the field for a missing or bad year and a commune as unit', async () => {
    for (const query of ['', '?year=abc', '?year=1999', '?year=2025.5']) {
      const res = await call(app, 'GET', `/api/exports/assessments.xlsx${query}`, { token: t.admin })
      expect(res.status, query).toBe(400)
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['year'])
    }
    const commune = await call(app, 'GET', `/api/exports/assessments.csv?year=${year}&unitId=${units.sonDung.id}`, { token: t.admin })
    expect(commune.status).toBe(400)
    expect(commune.body.error.fields[0].field).toBe('unitId')
    const bad = await call(app, 'GET', '/api/exports/recognised?year=x', { token: t.admin })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields[0].field).toBe('year')
  })

  it('is 404 for a year without a rubric', async () => {
    const res = await call(app, 'GET', '/api/exports/assessments.csv?year=2099', { token: t.admin })
    expect(res.status).toBe(404)
  })
})

describe('recognised list', () => {
  it('lists the recognised communes, numbered, with points, recognition date and decision', async () => {
    // A second recognised commune in another unit, recognised in bulk with a different decision.
    const more = await addCommunes(app, store, units.lySon.id, ['qng-an-hai'])
    const v = await approved(app, more['qng-an-hai']!, t.otherReviewer, 'qng-an-hai', year)
    const bulk = await call(app, 'POST', '/api/recognitions', {
      token: t.admin,
      body: { year, items: [{ communeId: 'qng-an-hai', version: v }], decisionNumber: '16/QĐ-UBND', decisionDate: '2025-07-01' },
    })
    expect(bulk.body.results[0].ok).toBe(true)

    const res = await call(app, 'GET', `/api/exports/recognised?year=${year}`, { token: t.admin })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ year, unit: { id: 'qng', name: 'Quảng Ngãi', kind: 'province' }, province: { id: 'qng', name: 'Quảng Ngãi' } })
    // Lý Sơn before Sơn Tây (Vietnamese order); An Vĩnh (submitted) and Sơn Mùa (draft) are not listed.
    expect(res.body.items).toEqual([
      expect.objectContaining({ no: 1, communeId: 'qng-an-hai', communeName: 'Xã qng-an-hai', unitName: 'Lý Sơn', decisionNumber: '16/QĐ-UBND', decisionDate: '2025-07-01' }),
      expect.objectContaining({ no: 2, communeId: units.sonDung.id, communeName: 'Sơn Dung', unitName: 'Sơn Tây', decisionNumber: '15/QĐ-UBND', decisionDate: '2025-06-30' }),
    ])
    const sonDung = (await store.assessments.get(units.sonDung.id, year))!
    expect(res.body.items[1].points).toBe(scoreAssessment(rubric, sonDung).total)
    expect(res.body.items[1].recognisedAt).toBe(sonDung.provinceDecision!.at)

    const oneUnit = await call(app, 'GET', `/api/exports/recognised?year=${year}&unitId=${units.sonTay.id}`, { token: t.admin })
    expect(oneUnit.body.items.map((i: { communeId: string }) => i.communeId)).toEqual([units.sonDung.id])
    expect(oneUnit.body.province).toEqual({ id: 'qng', name: 'Quảng Ngãi' })
    const none = await call(app, 'GET', `/api/exports/recognised?year=${await freshYear(store)}`, { token: t.admin })
    expect(none.body.items).toEqual([])
  })
})

describe('rubric versions', () => {
  it('scores a submitted assessment with the version it was submitted with, a draft with the current one', async () => {
    const v1 = (await store.rubrics.get(year))!
    const v2 = structuredClone(v1)
    v2.version = v1.version + 1
    const a13 = v2.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators)).find((i) => i.id === 'A1.3')!
    if (a13.scoring.kind !== 'boolean') throw new Error('A1.3 is a yes/no indicator in the 2025 rubric')
    a13.scoring.points *= 2
    await store.rubrics.put(v2)
    const rows = csvRows((await download(`/api/exports/assessments.csv?year=${year}`, t.admin)).bytes)
    const row = (id: string) => rows.find((r) => r[0] === id)!
    const recognised = (await store.assessments.get(units.sonDung.id, year))!
    const draft = (await store.assessments.get(units.sonMua.id, year))!
    expect(recognised.rubricVersion).toBe(v1.version)
    expect(Number(row(units.sonDung.id)[col('rubricVersion')])).toBe(v1.version)
    expect(Number(row(units.sonDung.id)[col('total')])).toBe(scoreAssessment(v1, recognised).total)
    expect(Number(row(units.sonDung.id)[col('points.A1.3')])).toBe(scoreAssessment(v1, recognised).indicators['A1.3']!.points)
    expect(Number(row(units.sonMua.id)[col('rubricVersion')])).toBe(v2.version)
    expect(Number(row(units.sonMua.id)[col('total')])).toBe(scoreAssessment(v2, draft).total)
  })
})

describe('a storage failure after the first byte', () => {
  it('aborts the download instead of ending it as a truncated file that looks complete', async () => {
    const failing: Store = {
      ...store,
      exports: {
        ...store.exports,
        async *assessmentPages(y, unitId) {
          for await (const page of store.exports.assessmentPages(y, unitId)) yield page
          throw Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' })
        },
      },
    }
    const broken = makeApp(failing)
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => void errors.push(args)
    try {
      for (const format of ['csv', 'xlsx']) {
        const res = await broken.request(`/api/exports/assessments.${format}?year=${year}`, { headers: { authorization: `Bearer ${t.admin}` } })
        // The status was sent with the first byte; the body then fails rather than closing normally.
        expect(res.status).toBe(200)
        await expect(res.arrayBuffer()).rejects.toThrow()
      }
    } finally {
      console.error = original
    }
    expect(errors.length).toBeGreaterThanOrEqual(2)
  })
})

describe('reviewed values in the export', () => {
  it('XLSX (read back with exceljs): an adjusted indicator has the officer’s value and points, the reviewed value and points, the verdict and reason; pillars both ways', async () => {
    const y = await freshYear(store)
    const unit = 'qng-export-review'
    await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực xuất', parentId: units.province.id })
    const officers = await addCommunes(app, store, unit, ['xr-1'])
    const version = await submitted(app, officers['xr-1']!, 'xr-1', y)
    const target = flattenIndicators(rubric).find((f) => f.indicator.input.kind === 'count' && 'count' in (perfectAnswers()[f.indicator.id] ?? {}))!.indicator
    const accepted = flattenIndicators(rubric).find((f) => f.indicator.id !== target.id)!.indicator
    const { hashPassword } = await import('../../functions/src/auth/password')
    await store.users.put({ id: 'u-xr-rev', username: 'reviewer.xr', name: 'Người thẩm định', role: 'reviewer', orgUnitId: unit, active: true, passwordHash: await hashPassword('correct horse battery staple') })
    const reviewer = (await call(app, 'POST', '/api/auth/login', { body: { username: 'reviewer.xr', password: 'correct horse battery staple' } })).body.token
    const r = await call(app, 'POST', `${assessmentPath('xr-1', y)}/reviews/${target.id}`, { token: reviewer, body: { version, decision: 'adjusted', answer: { count: 0 }, reason: 'Không có minh chứng' } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const r2 = await call(app, 'POST', `${assessmentPath('xr-1', y)}/reviews/${accepted.id}`, { token: reviewer, body: { version: r.body.assessment.version, decision: 'accepted' } })
    expect(r2.status, JSON.stringify(r2.body)).toBe(200)

    const res = await download(`/api/exports/assessments.xlsx?year=${y}&unitId=${unit}`, t.admin)
    expect(res.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.bytes as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('Đánh giá')!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    const row = (sheet.getRow(2).values as unknown[]).slice(1)
    const cell = (key: string) => row[header.indexOf(columns.find((c) => c.key === key)!.header.vi)] ?? null

    const stored = (await store.assessments.get('xr-1', y))!
    const own = scoreAssessment(rubric, stored)
    const { reviewedScore } = await import('../../shared/review')
    const reviewedS = reviewedScore(rubric, stored)!
    const officerCount = (perfectAnswers()[target.id] as { count: number }).count
    expect(cell(`value.${target.id}`)).toBe(officerCount)
    expect(cell(`points.${target.id}`)).toBe(own.indicators[target.id]!.points)
    expect(cell(`reviewedValue.${target.id}`)).toBe(0)
    expect(cell(`reviewedPoints.${target.id}`)).toBe(reviewedS.indicators[target.id]!.points)
    expect(reviewedS.indicators[target.id]!.points).toBeLessThan(own.indicators[target.id]!.points)
    expect(cell(`verdict.${target.id}`)).toBe('Điều chỉnh')
    expect(cell(`reason.${target.id}`)).toBe('Không có minh chứng')
    expect(cell(`verdict.${accepted.id}`)).toBe('Chấp nhận')
    expect(cell(`reviewedPoints.${accepted.id}`)).toBe(own.indicators[accepted.id]!.points)
    for (const p of own.pillars) expect(cell(`pillar.${p.id}`)).toBe(p.points)
    for (const p of reviewedS.pillars) expect(cell(`reviewedPillar.${p.id}`)).toBe(p.points)
    expect(cell('total')).toBe(own.total)
    expect(cell('reviewedTotal')).toBe(reviewedS.total)
  })
})

describe('a rename', () => {
  it('shows in both exports and the recognition list at once; the list also gives the name at recognition', async () => {
    const y = await freshYear(store)
    const unit = 'qng-export-rename'
    await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực đổi tên', parentId: units.province.id })
    const officers = await addCommunes(app, store, unit, ['rn-1'])
    const { hashPassword } = await import('../../functions/src/auth/password')
    await store.users.put({ id: 'u-rn-rev', username: 'reviewer.rn', name: 'Người thẩm định', role: 'reviewer', orgUnitId: unit, active: true, passwordHash: await hashPassword('correct horse battery staple') })
    const reviewer = (await call(app, 'POST', '/api/auth/login', { body: { username: 'reviewer.rn', password: 'correct horse battery staple' } })).body.token
    const v = await approved(app, officers['rn-1']!, reviewer, 'rn-1', y)
    expect((await act(app, t.admin, 'rn-1', y, 'recognise', { version: v, decisionNumber: '7/QĐ-UBND', decisionDate: '2025-07-01' })).status).toBe(200)
    const renamed = await call(app, 'PATCH', '/api/admin/units/rn-1', { token: t.admin, body: { name: 'Xã Tên Mới' } })
    expect(renamed.status).toBe(200)

    const csv = csvRows((await download(`/api/exports/assessments.csv?year=${y}&unitId=${unit}`, t.admin)).bytes)
    expect(csv[1]![col('commune')]).toBe('Xã Tên Mới')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await download(`/api/exports/assessments.xlsx?year=${y}&unitId=${unit}`, t.admin)).bytes as unknown as ArrayBuffer)
    expect(wb.getWorksheet('Đánh giá')!.getRow(2).getCell(col('commune') + 1).value).toBe('Xã Tên Mới')
    const list = await call(app, 'GET', `/api/exports/recognised?year=${y}&unitId=${unit}`, { token: t.admin })
    expect(list.body.items).toEqual([
      expect.objectContaining({ communeId: 'rn-1', communeName: 'Xã Tên Mới', nameAtRecognition: 'Xã rn-1', decisionNumber: '7/QĐ-UBND', decisionDate: '2025-07-01' }),
    ])
    const queue = await call(app, 'GET', `/api/review/queue?year=${y}`, { token: reviewer })
    expect(queue.body.items.map((i: { communeName: string }) => i.communeName)).toEqual(['Xã Tên Mới'])
  })
})

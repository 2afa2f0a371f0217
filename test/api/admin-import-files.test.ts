// Hostile import files (issue 11): each is refused before it is parsed in full, quickly and in bounded memory,
// with the limit named (Vietnamese first). The files are generated here; none is stored in the repository.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  MAX_XLSX_UNCOMPRESSED_BYTES,
} from '../../functions/src/accounts/import-file'
import { createTestTable, type TestTable } from '../support/dynamo'
import { inlineRow, sheetXml, zip } from '../support/zip'
import { makeApp, seedFixtures, tokensFor, type TestApp } from './harness'
import { scaled } from '../support/timing'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEADER = ['Họ tên', 'Tên đăng nhập', 'Vai trò', 'Đơn vị']

let table: TestTable
let app: TestApp
let admin: string

beforeAll(async () => {
  table = await createTestTable()
  await seedFixtures(table.store)
  app = makeApp(table.store)
  admin = (await tokensFor(app, 'admin')).admin
})
afterAll(() => table.raw.destroy())

/** The import's answer, how long it took, and the most the process's memory grew meanwhile. */
async function importFile(bytes: Uint8Array | string, type = XLSX_TYPE) {
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  const started = performance.now()
  const res = await app.request('/api/admin/users/import', {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': type },
    body: bytes as unknown as string,
  })
  const ms = performance.now() - started
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  const body = (await res.json()) as any
  return { status: res.status, body, ms, grewMb: (peak - before) / 1024 / 1024 }
}

const problemsOf = (body: any) => body.error.details.problems as { line: number; code: string; message: { vi: string; en: string } }[]

const xlsxOf = (rows: () => Iterable<string>, declaredSize?: number) =>
  zip([{ name: 'xl/worksheets/sheet1.xml', data: sheetXml(rows), ...(declaredSize ? { declaredSize } : {}) }])

describe('XLSX bounded before parsing', () => {
  it('a zip bomb (200 MB of zeros in a 200 KB file) is refused from its central directory, in under 2 s', async () => {
    const zeros = Buffer.alloc(1024 * 1024)
    const bomb = await zip([
      { name: 'xl/worksheets/sheet1.xml', data: sheetXml(() => [inlineRow(1, HEADER)]) },
      { name: 'xl/media/padding.bin', data: () => Array.from({ length: 200 }, () => zeros) },
    ])
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const res = await importFile(bomb)
    expect(res.status).toBe(400)
    const [p] = problemsOf(res.body)
    expect(p!.code).toBe('too_large_uncompressed')
    expect(p!.message.vi).toMatch(new RegExp(`^Tệp XLSX khi giải nén lớn hơn giới hạn ${MAX_XLSX_UNCOMPRESSED_BYTES / 1024 / 1024} MB`))
    expect(p!.message.en).toContain(`${MAX_XLSX_UNCOMPRESSED_BYTES / 1024 / 1024} MB limit`)
    expect(res.ms).toBeLessThan(2000)
    expect(res.grewMb).toBeLessThan(150)
  })

  it('a zip bomb that lies about its size is stopped while it inflates, in under 2 s', async () => {
    const zeros = Buffer.alloc(1024 * 1024)
    const liar = await zip([
      // Declares 1 MB, inflates to 100 MB of blank-padded XML.
      { name: 'xl/worksheets/sheet1.xml', data: () => [Buffer.from('<worksheet><sheetData>'), ...Array.from({ length: 100 }, () => zeros.fill(0x20))], declaredSize: 1024 * 1024 },
    ])
    const res = await importFile(liar)
    expect(res.status).toBe(400)
    expect(problemsOf(res.body).map((p) => p.code)).toEqual(['too_large_uncompressed'])
    expect(res.ms).toBeLessThan(2000)
    expect(res.grewMb).toBeLessThan(150)
  })

  it('a million-row sheet is refused in under 2 s with bounded memory, naming the limit', { timeout: scaled(120_000) }, async () => {
    const millionRows = await xlsxOf(function* () {
      yield inlineRow(1, HEADER)
      // Without row numbers (they are optional), so the million rows compress to a small file.
      for (let r = 2; r <= 1_000_001; r++) yield '<row><c t="inlineStr"><is><t>Nguyễn Văn A</t></is></c><c><v>1</v></c></row>'
    })
    expect(millionRows.length).toBeLessThan(5 * 1024 * 1024)
    const res = await importFile(millionRows)
    expect(res.status).toBe(400)
    const codes = problemsOf(res.body).map((p) => p.code)
    // Its declared size gives it away first; were it smaller, the row count would.
    expect(codes).toEqual(['too_large_uncompressed'])
    expect(res.ms).toBeLessThan(2000)
    expect(res.grewMb).toBeLessThan(150)
  })

  it(`a sheet small enough to inflate but longer than ${MAX_IMPORT_ROWS} rows stops at the limit`, { timeout: scaled(60_000) }, async () => {
    const file = await xlsxOf(function* () {
      yield inlineRow(1, HEADER)
      for (let r = 2; r <= 200_000; r++) yield `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`
    })
    const res = await importFile(file)
    expect(res.status).toBe(400)
    const [p] = problemsOf(res.body)
    expect(p!.code).toBe('too_many_rows')
    expect(p!.line).toBe(MAX_IMPORT_ROWS + 2)
    expect(p!.message.vi).toContain('10.000 dòng')
    expect(p!.message.en).toContain(`${MAX_IMPORT_ROWS} rows per file`)
    expect(res.ms).toBeLessThan(2000)
  })

  it(`blank rows do not count as accounts, but a sheet reaching row 1,000,000 is refused without reading on`, async () => {
    const file = await xlsxOf(function* () {
      yield inlineRow(1, HEADER)
      yield `<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>`
    })
    const res = await importFile(file)
    expect(res.status).toBe(400)
    expect(problemsOf(res.body).map((p) => `${p.line}:${p.code}`)).toEqual(['1000000:too_many_rows'])
  })

  it(`data beyond column ${MAX_IMPORT_COLUMNS} is refused, naming the line and the limit`, async () => {
    const file = await xlsxOf(function* () {
      yield inlineRow(1, HEADER)
      yield `<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="XFD2" t="inlineStr"><is><t>far</t></is></c></row>`
    })
    const res = await importFile(file)
    expect(res.status).toBe(400)
    const [p] = problemsOf(res.body)
    expect(`${p!.line}:${p!.code}`).toBe('2:too_many_columns')
    expect(p!.message.vi).toBe(`Dòng 2 có dữ liệu ở cột thứ 16.384; tệp chỉ được có tối đa ${MAX_IMPORT_COLUMNS} cột`)
  })

  it('a real workbook in a minimal zip still imports (the bounded reader reads what Excel writes)', async () => {
    const file = await xlsxOf(function* () {
      yield inlineRow(1, HEADER)
      yield inlineRow(2, ['Nguyễn Thị Giới Hạn', 'gioihan.mot', 'cán bộ', 'qng-son-dung'])
    })
    const res = await importFile(file)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
  })
})

describe('CSV bounded before parsing', () => {
  it('more rows than the limit: parsing stops one past it, the limit named', async () => {
    const csv = ['name,username,role,unit', ...Array.from({ length: 300_000 }, (_, i) => `N ${i},csvmany.${i},officer,qng-son-dung`)].join('\n')
    const res = await importFile(csv.slice(0, 5 * 1024 * 1024 - 100), 'text/csv')
    expect(res.status).toBe(400)
    expect(problemsOf(res.body).map((p) => `${p.line}:${p.code}`)).toEqual([`${MAX_IMPORT_ROWS + 2}:too_many_rows`])
    expect(res.ms).toBeLessThan(2000)
  })

  it('a line with thousands of fields or a megabyte of text is refused with the limit', async () => {
    const wide = await importFile(`name,username,role,unit\n${'x,'.repeat(5000)}x\n`, 'text/csv')
    expect(wide.status).toBe(400)
    expect(problemsOf(wide.body).map((p) => `${p.line}:${p.code}`)).toEqual(['2:too_many_columns'])
    const long = await importFile(`name,username,role,unit\n"${'x'.repeat(1024 * 1024)}",a,b,c\n`, 'text/csv')
    expect(long.status).toBe(400)
    expect(problemsOf(long.body).map((p) => p.code)).toEqual(['line_too_long'])
  })
})

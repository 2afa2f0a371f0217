/*
 * Reading an account-import file (CSV or XLSX) into rows, bounded before anything is parsed in full: a hostile
 * or mistaken file (a zip bomb, a million-row sheet, a sheet 16,384 columns wide) is refused within a bounded
 * time and memory, and the refusal names the limit.
 *   CSV   bytes (MAX_IMPORT_BYTES), then parsed only up to MAX_IMPORT_ROWS + 1 records of at most
 *         MAX_IMPORT_COLUMNS fields and MAX_RECORD_CHARS characters.
 *   XLSX  bytes; then the zip's central directory (yauzl, nothing inflated): number of entries and their declared
 *         uncompressed sizes; then only the parts needed (workbook, its relations, shared strings, the first
 *         sheet) are inflated, each checked against its declared size while it streams (yauzl refuses an entry
 *         that inflates to more than it declared), and the sheet is read as a stream of XML events (saxes) that
 *         stops at the first row or column over the limit.
 */
import type { SaxesParser, SaxesTagPlain } from 'saxes'
import type yauzl from 'yauzl'

/*
 * The parsers (csv-parse, yauzl, saxes: ~80 KB of the Lambda bundle) are loaded on the first import, not on every
 * cold start: only an administrator's account import reads them (stacks/api.ts builds with splitting).
 */
type Parsers = {
  SaxesParser: typeof import('saxes').SaxesParser
  parseCsv: typeof import('csv-parse/sync').parse
  CsvError: typeof import('csv-parse/sync').CsvError
  yauzl: typeof yauzl
}
let parsers: Parsers | undefined
let loadingParsers: Promise<Parsers> | undefined
function loadParsers(): Promise<Parsers> {
  loadingParsers ??= Promise.all([import('saxes'), import('csv-parse/sync'), import('yauzl')]).then(([saxes, csv, zip]) => {
    parsers = { SaxesParser: saxes.SaxesParser, parseCsv: csv.parse, CsvError: csv.CsvError, yauzl: ((zip as { default?: typeof yauzl }).default ?? zip) as typeof yauzl }
    return parsers
  })
  return loadingParsers
}

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024
export const MAX_IMPORT_ROWS = 10_000
export const MAX_IMPORT_COLUMNS = 20
/** Everything the workbook inflates to; a 10,000-account sheet with its shared strings is under 5 MB. */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024
export const MAX_XLSX_ENTRIES = 500
/** Blank rows tolerated between accounts before a sheet counts as too long. */
const MAX_BLANK_ROWS = 1_000
const MAX_RECORD_CHARS = 64 * 1024

export type ImportColumn = 'name' | 'username' | 'role' | 'unit'
export type ImportProblem = { line: number; column?: ImportColumn; code: string; message: { vi: string; en: string } }
export type Row = { line: number; cells: string[] }

export const problem = (line: number, column: ImportColumn | undefined, code: string, vi: string, en: string): ImportProblem => ({
  line,
  ...(column ? { column } : {}),
  code,
  message: { vi, en },
})

export class ImportRejected extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super('import rejected')
  }
}

export function reject(problems: ImportProblem[]): never {
  throw new ImportRejected(problems)
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`
const n = (value: number) => value.toLocaleString('vi-VN')

const tooManyRows = (line: number) =>
  problem(
    line,
    undefined,
    'too_many_rows',
    `Tệp có hơn ${n(MAX_IMPORT_ROWS)} dòng tài khoản (giới hạn ${n(MAX_IMPORT_ROWS)} dòng mỗi tệp); hãy chia thành nhiều tệp`,
    `The file has more than ${MAX_IMPORT_ROWS} account rows (limit: ${MAX_IMPORT_ROWS} rows per file); split it into several files`,
  )

const tooManyColumns = (line: number, column: number) =>
  problem(
    line,
    undefined,
    'too_many_columns',
    `Dòng ${line} có dữ liệu ở cột thứ ${n(column)}; tệp chỉ được có tối đa ${MAX_IMPORT_COLUMNS} cột`,
    `Line ${line} has data in column ${column}; the file may have at most ${MAX_IMPORT_COLUMNS} columns`,
  )

const damaged = () => problem(1, undefined, 'malformed_xlsx', 'Tệp XLSX hỏng hoặc không đọc được', 'The XLSX file is damaged or unreadable')

export const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04

/** The file's rows (blank ones skipped), each with its line number; throws ImportRejected naming the limit hit. */
export async function readImportFile(bytes: Uint8Array): Promise<Row[]> {
  await loadParsers()
  if (bytes.length === 0) reject([problem(1, undefined, 'empty', 'Tệp rỗng', 'The file is empty')])
  if (bytes.length > MAX_IMPORT_BYTES)
    reject([
      problem(
        1,
        undefined,
        'too_large',
        `Tệp lớn hơn giới hạn ${mb(MAX_IMPORT_BYTES)} (tệp này ${mb(bytes.length)})`,
        `The file is larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB limit (this one: ${(bytes.length / 1024 / 1024).toFixed(1)} MB)`,
      ),
    ])
  return isZip(bytes) ? readXlsx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)) : readCsv(bytes)
}

// ---- CSV --------------------------------------------------------------------------------------------------------

function decodeUtf8(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    reject([problem(1, undefined, 'not_utf8', 'Tệp là UTF-16; hãy lưu dạng "CSV UTF-8"', 'The file is UTF-16; save it as "CSV UTF-8"')])
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // Find every line with bytes that are not UTF-8 (e.g. a TCVN3 or Windows-1258 export), so all can be named.
    const decoder = new TextDecoder('utf-8', { fatal: true })
    const problems: ImportProblem[] = []
    let start = 0
    let line = 1
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          decoder.decode(bytes.subarray(start, i))
        } catch {
          problems.push(
            problem(line, undefined, 'not_utf8', 'Dòng có ký tự không phải UTF-8; hãy lưu tệp dạng "CSV UTF-8"', 'The line has bytes that are not UTF-8; save the file as "CSV UTF-8"'),
          )
          if (problems.length >= 100) break
        }
        start = i + 1
        line++
      }
    }
    reject(problems.length > 0 ? problems : [problem(1, undefined, 'not_utf8', 'Tệp không phải UTF-8', 'The file is not UTF-8')])
  }
}

function readCsv(bytes: Uint8Array): Row[] {
  const text = decodeUtf8(bytes).replace(/^\uFEFF/, '')
  const firstLine = text.slice(0, Math.min(text.indexOf('\n') >>> 0, MAX_RECORD_CHARS))
  // Excel saves CSV with ';' where the decimal separator is ',' (Vietnamese locale); tabs from copy-paste.
  const delimiter = [';', '\t', ','].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parsers!.parseCsv(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      // Parsing stops one record past the limit: enough to know the file is too long, no more.
      to: MAX_IMPORT_ROWS + 2,
      max_record_size: MAX_RECORD_CHARS,
    }) as unknown as typeof records
  } catch (err) {
    if (err instanceof parsers!.CsvError) {
      const line = typeof (err as { lines?: number }).lines === 'number' ? (err as unknown as { lines: number }).lines : 1
      if (err.code === 'CSV_MAX_RECORD_SIZE')
        reject([
          problem(
            line,
            undefined,
            'line_too_long',
            `Dòng ${line} dài quá ${n(MAX_RECORD_CHARS)} ký tự`,
            `Line ${line} is longer than ${MAX_RECORD_CHARS} characters`,
          ),
        ])
      reject([problem(line, undefined, 'malformed_csv', `CSV sai định dạng: ${err.message}`, `Malformed CSV: ${err.message}`)])
    }
    throw err
  }
  if (records.length > MAX_IMPORT_ROWS + 1) reject([tooManyRows(records[MAX_IMPORT_ROWS + 1]!.info.lines)])
  const rows: Row[] = []
  for (const { record, info } of records) {
    let last = record.length
    while (last > 0 && record[last - 1] === '') last--
    if (last > MAX_IMPORT_COLUMNS) reject([tooManyColumns(info.lines, last)])
    rows.push({ line: info.lines, cells: record })
  }
  return rows
}

// ---- XLSX -------------------------------------------------------------------------------------------------------

type Zip = { zip: yauzl.ZipFile; entries: Map<string, yauzl.Entry> }

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    parsers!.yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(err) : resolve(zip))),
  )
}

/** The central directory only: names and declared sizes, nothing inflated. */
async function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  if (zip.entryCount > MAX_XLSX_ENTRIES)
    reject([
      problem(
        1,
        undefined,
        'too_many_entries',
        `Tệp XLSX có ${n(zip.entryCount)} phần, nhiều hơn giới hạn ${MAX_XLSX_ENTRIES}`,
        `The XLSX file has ${zip.entryCount} parts, more than the limit of ${MAX_XLSX_ENTRIES}`,
      ),
    ])
  const entries = new Map<string, yauzl.Entry>()
  let declared = 0
  await new Promise<void>((resolve, fail) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      declared += entry.uncompressedSize
      entries.set(entry.fileName.replace(/^\/+/, ''), entry)
      zip.readEntry()
    })
    zip.on('end', () => resolve())
    zip.on('error', fail)
    zip.readEntry()
  })
  if (declared > MAX_XLSX_UNCOMPRESSED_BYTES) reject([uncompressedTooLarge(declared)])
  return entries
}

const uncompressedTooLarge = (bytes: number | undefined) =>
  problem(
    1,
    undefined,
    'too_large_uncompressed',
    `Tệp XLSX khi giải nén lớn hơn giới hạn ${mb(MAX_XLSX_UNCOMPRESSED_BYTES)}${bytes ? ` (tệp này ${mb(bytes)})` : ''}; hãy chỉ giữ trang danh sách tài khoản`,
    `The XLSX file uncompresses to more than the ${MAX_XLSX_UNCOMPRESSED_BYTES / 1024 / 1024} MB limit${bytes ? ` (this one: ${(bytes / 1024 / 1024).toFixed(1)} MB)` : ''}; keep only the accounts sheet`,
  )

/**
 * Streams one entry's XML into `onEvent` handlers. yauzl stops the stream with an error if the entry inflates to
 * more than its declared size (a lying zip bomb); `stop()` ends it early (a limit was reached).
 */
function streamXml(
  zip: Zip,
  name: string,
  handlers: (parser: SaxesParser, stop: (problem?: ImportProblem) => void) => void,
): Promise<void> {
  const entry = zip.entries.get(name)
  if (!entry) return Promise.resolve()
  return new Promise((resolve, fail) => {
    zip.zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return fail(err ?? new Error('no stream'))
      const parser = new parsers!.SaxesParser()
      let done = false
      const finish = (outcome?: unknown) => {
        if (done) return
        done = true
        stream.destroy()
        if (outcome) fail(outcome)
        else resolve()
      }
      handlers(parser, (p) => finish(p ? new ImportRejected([p]) : undefined))
      parser.on('error', (e) => finish(e))
      stream.on('data', (chunk: Buffer) => {
        if (done) return
        try {
          parser.write(chunk.toString('utf8'))
        } catch (e) {
          finish(e)
        }
      })
      stream.on('error', (e) => finish(e))
      stream.on('end', () => {
        if (done) return
        try {
          parser.close()
          finish()
        } catch (e) {
          finish(e)
        }
      })
    })
  })
}

/** The first sheet's part name, from the workbook and its relations (sheet1.xml when they do not say). */
async function firstSheetPath(zip: Zip): Promise<string> {
  let relId: string | undefined
  await streamXml(zip, 'xl/workbook.xml', (parser, stop) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      if (tag.name === 'sheet' && !relId) {
        relId = Object.entries(tag.attributes).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1] as string | undefined
        stop()
      }
    })
  })
  let target: string | undefined
  if (relId) {
    await streamXml(zip, 'xl/_rels/workbook.xml.rels', (parser, stop) => {
      parser.on('opentag', (tag: SaxesTagPlain) => {
        if (tag.name === 'Relationship' && tag.attributes.Id === relId) {
          target = String(tag.attributes.Target ?? '')
          stop()
        }
      })
    })
  }
  if (!target) return 'xl/worksheets/sheet1.xml'
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
}

async function sharedStrings(zip: Zip): Promise<string[]> {
  const strings: string[] = []
  let current: string[] | undefined
  let inText = false
  let skip = 0 // phonetic runs (rPh) are not part of the text
  await streamXml(zip, 'xl/sharedStrings.xml', (parser) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      if (tag.name === 'si') current = []
      else if (tag.name === 'rPh') skip++
      else if (tag.name === 't' && skip === 0) inText = true
    })
    parser.on('text', (text) => {
      if (inText && current) current.push(text)
    })
    parser.on('closetag', (tag: SaxesTagPlain) => {
      if (tag.name === 't') inText = false
      else if (tag.name === 'rPh') skip--
      else if (tag.name === 'si') {
        strings.push((current ?? []).join(''))
        current = undefined
      }
    })
  })
  return strings
}

/** "BC12" → 55 (1-based column of a cell reference). */
function columnOf(ref: string): number {
  let col = 0
  for (const ch of ref) {
    const code = ch.charCodeAt(0)
    if (code < 65 || code > 90) break
    col = col * 26 + (code - 64)
    if (col > 1_000_000) break
  }
  return col
}

async function readSheet(zip: Zip, path: string, strings: string[]): Promise<Row[]> {
  const rows: Row[] = []
  let rowNumber = 0
  let cells: string[] = []
  let cell: { col: number; type: string; text: string[] } | undefined
  let inValue = false
  await streamXml(zip, path, (parser, stop) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      switch (tag.name) {
        case 'row': {
          const r = Number(tag.attributes.r)
          rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1
          cells = []
          if (rowNumber > MAX_IMPORT_ROWS + 1 + MAX_BLANK_ROWS) stop(tooManyRows(rowNumber))
          break
        }
        case 'c': {
          const ref = String(tag.attributes.r ?? '')
          cell = { col: ref ? columnOf(ref) : cells.length + 1, type: String(tag.attributes.t ?? 'n'), text: [] }
          break
        }
        case 'v':
        case 't':
          inValue = cell !== undefined
          break
      }
    })
    parser.on('text', (text) => {
      if (inValue && cell) cell.text.push(text)
    })
    parser.on('closetag', (tag: SaxesTagPlain) => {
      switch (tag.name) {
        case 'v':
        case 't':
          inValue = false
          break
        case 'c': {
          if (!cell) break
          const raw = cell.text.join('')
          const value = cell.type === 's' ? (strings[Number(raw)] ?? '') : cell.type === 'b' ? (raw === '1' ? 'TRUE' : 'FALSE') : raw
          if (value.trim() !== '') {
            if (cell.col > MAX_IMPORT_COLUMNS) return stop(tooManyColumns(rowNumber, cell.col))
            cells[cell.col - 1] = value.trim()
          }
          cell = undefined
          break
        }
        case 'row': {
          const filled = Array.from({ length: Math.max(cells.length, 4) }, (_, i) => cells[i] ?? '')
          if (filled.some((v) => v !== '')) {
            rows.push({ line: rowNumber, cells: filled })
            if (rows.length > MAX_IMPORT_ROWS + 1) stop(tooManyRows(rowNumber))
          }
          break
        }
      }
    })
  })
  return rows
}

async function readXlsx(buffer: Buffer): Promise<Row[]> {
  let zip: yauzl.ZipFile
  try {
    zip = await openZip(buffer)
  } catch {
    reject([damaged()])
  }
  try {
    const opened: Zip = { zip, entries: await listEntries(zip) }
    const path = await firstSheetPath(opened)
    if (!opened.entries.has(path)) reject([problem(1, undefined, 'empty', 'Tệp không có trang tính nào', 'The workbook has no worksheet')])
    return await readSheet(opened, path, await sharedStrings(opened))
  } catch (err) {
    if (err instanceof ImportRejected) throw err
    // yauzl: "too many bytes in the stream" = an entry inflating past its declared size.
    if (/too many bytes|uncompressedSize/i.test(String((err as Error)?.message))) reject([uncompressedTooLarge(undefined)])
    reject([damaged()])
  } finally {
    zip.close()
  }
}

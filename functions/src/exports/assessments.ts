/*
 * The assessments export of a year (CSV or XLSX) as a byte stream. Rows are produced one DynamoDB page at a time
 * (one review unit after another, storage/exports.ts X1) and written out before the next page is read, so the
 * server holds one page of assessments, never the province.
 *
 * CSV is truly streamed: each page becomes one chunk, pulled by the response (backpressure included).
 * XLSX goes through exceljs's streaming WorkbookWriter, rows committed one by one; note that exceljs 4.4 still
 * assembles the zip at the end (JSZip), so the XLSX's sheet XML is held until the last row, then compressed and
 * sent (bench/exports.ts measures what that costs).
 *
 * A failure after the first byte cannot become an error status any more: the stream is aborted instead, so the
 * download fails visibly rather than ending as a silently truncated file.
 */
import { PassThrough, Readable } from 'node:stream'
import { loadExcelJS } from '../lazy-exceljs'
import { CSV_BOM, csvHeader, csvLine, exportColumns, exportRow, legendRows, type Cell, type ExportColumn } from '../../../shared/export-columns'
import type { Assessment } from '../../../shared/assessment'
import type { Rubric } from '../../../shared/rubric/schema'
import { rubricOf } from '../assessments/service'
import type { OrgUnit, Store } from '../storage/store'
import { describeError } from '../http/errors'
import { reviewTierFor } from '../units/review-tier'

export type ExportFormat = 'csv' | 'xlsx'

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/**
 * Pages of rows, one review unit after another. `latest` (the year's current rubric) lays out the columns; each
 * assessment is scored with the version it is scored with everywhere else (rubricOf), looked up once per version.
 */
export async function* rowPages(store: Store, latest: Rubric, year: number, units: OrgUnit[]): AsyncGenerator<Cell[][]> {
  const versions = new Map<string, Promise<Rubric>>()
  const scoringRubric = (assessment: Assessment) => {
    const key = `${assessment.status}#${assessment.rubricVersion ?? ''}`
    let found = versions.get(key)
    if (!found) versions.set(key, (found = rubricOf(store, assessment, latest)))
    return found
  }
  const reviewTier = await reviewTierFor(store, units[0]?.id)
  for (const unit of units) {
    for await (const page of store.exports.assessmentPages(year, unit.id)) {
      const rubrics = await Promise.all(page.map(({ assessment }) => scoringRubric(assessment)))
      yield page.map(({ assessment, communeName }, i) => exportRow(latest, { assessment, communeName, unitName: unit.name, reviewTier }, rubrics[i]))
    }
  }
}

const logFailure = (format: ExportFormat, err: unknown) =>
  console.error(
    JSON.stringify({ level: 'error', msg: 'export aborted', format, error: describeError(err) }),
  )

export function csvStream(columns: ExportColumn[], pages: AsyncGenerator<Cell[][]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(CSV_BOM + csvHeader(columns)))
        return
      }
      try {
        const next = await pages.next()
        if (next.done) return controller.close()
        controller.enqueue(encoder.encode(next.value.map(csvLine).join('')))
      } catch (err) {
        logFailure('csv', err)
        controller.error(err)
      }
    },
    async cancel() {
      await pages.return(undefined)
    },
  })
}

export const DATA_SHEET = 'Đánh giá'
export const LEGEND_SHEET = 'Chú thích - Legend'

export function xlsxStream(columns: ExportColumn[], pages: AsyncGenerator<Cell[][]>, title: string): ReadableStream<Uint8Array> {
  const out = new PassThrough()
  const write = async () => {
    const ExcelJS = await loadExcelJS()
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
    workbook.creator = 'Xã Số'
    workbook.title = title
    const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] })
    sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }))
    const header = sheet.addRow(columns.map((c) => c.header.vi))
    header.font = { bold: true }
    header.commit()
    for await (const page of pages) {
      // The client went away: stop reading DynamoDB (breaking out of for-await closes the generator).
      if (out.destroyed) return
      for (const cells of page) sheet.addRow(cells).commit()
    }
    sheet.commit()
    // The legend: English header and what each column holds (indicator labels, maximum points).
    const legend = workbook.addWorksheet(LEGEND_SHEET)
    legend.columns = [{ width: 28 }, { width: 28 }, { width: 60 }, { width: 60 }]
    const legendHeader = legend.addRow(['Cột (tiếng Việt)', 'Column (English)', 'Nội dung', 'Meaning'])
    legendHeader.font = { bold: true }
    legendHeader.commit()
    for (const row of legendRows(columns)) legend.addRow(row).commit()
    legend.commit()
    await workbook.commit()
  }
  write().catch((err) => {
    logFailure('xlsx', err)
    out.destroy(err instanceof Error ? err : new Error(String(err)))
  })
  return Readable.toWeb(out) as ReadableStream<Uint8Array>
}

export function exportFilename(year: number, unit: OrgUnit, format: ExportFormat): string {
  return `Đánh giá ${year} - ${unit.name}.${format}`
}

export { exportColumns }

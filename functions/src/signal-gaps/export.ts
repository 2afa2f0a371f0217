/*
 * The signal-gap list for the network operators, as GeoJSON (RFC 7946) and CSV: the villages that are gaps under
 * the request's filter (operator, weak), with their coverage per operator and this year against last. The response
 * is a stream of chunks, one batch of communes at a time, so the encoded file (~10 MB for 30,000 villages) is never
 * held whole; the input is the map's data (SignalGaps), itself bounded by the province's communes × 300 villages.
 *
 * A village without a location is still exported (GeoJSON `geometry: null`, RFC 7946 §3.2; empty CSV cells): the
 * operators must see every gap, located or not.
 */
import { CSV_BOM, csvLine, type Cell } from '../../../shared/export-columns'
import { bestLevel, decodeCoverage, isGap, villageTrend, type GapFilter, type SignalVillage } from '../../../shared/signal-gaps'
import type { SignalGapCommune, SignalGaps } from './service'

export type SignalExportFormat = 'geojson' | 'csv'

export const SIGNAL_CONTENT_TYPES: Record<SignalExportFormat, string> = {
  geojson: 'application/geo+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
}

export const signalFilename = (data: SignalGaps, format: SignalExportFormat) =>
  `Vùng lõm sóng ${data.year} - ${data.unit.name}${data.filter.operator ? ` - ${data.filter.operator}` : ''}.${format}`

const COMMUNES_PER_CHUNK = 100

type Row = { commune: SignalGapCommune; village: SignalVillage; before: SignalVillage[6] | null }

function* gapRows(communes: SignalGapCommune[], filter: GapFilter): Generator<Row> {
  for (const commune of communes)
    for (const village of commune.villages)
      if (isGap(village[6], filter)) {
        const before = commune.previous ? (commune.previous[village[0]] ?? null) : null
        yield { commune, village, before }
      }
}

function chunked(data: SignalGaps, encode: (rows: Row[], first: boolean) => string, head: string, tail: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const filter: GapFilter = { operator: data.filter.operator ?? undefined, weak: data.filter.weak }
  let index = 0
  let first = true
  let started = false
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(head))
        return
      }
      // A pull must enqueue (or close): a batch without gaps is skipped in the same pull.
      for (;;) {
        if (index >= data.communes.length) {
          controller.enqueue(encoder.encode(tail))
          controller.close()
          return
        }
        const batch = data.communes.slice(index, index + COMMUNES_PER_CHUNK)
        index += COMMUNES_PER_CHUNK
        const rows = [...gapRows(batch, filter)]
        if (rows.length === 0) continue
        controller.enqueue(encoder.encode(encode(rows, first)))
        break
      }
      first = false
    },
  })
}

function properties(data: SignalGaps, { commune, village, before }: Row): Record<string, unknown> {
  const coverage: Record<string, unknown> = {}
  for (const op of data.operators) {
    const c = decodeCoverage(village[6][op.id])
    coverage[op.id] = c.level
    coverage[`${op.id}_weak`] = c.weak === true
  }
  return {
    communeId: commune.id,
    communeName: commune.name,
    unitId: commune.unitId,
    unitName: commune.unitName,
    villageId: village[0],
    villageName: village[1],
    kind: village[2],
    households: village[3],
    best: bestLevel(village[6], data.filter.operator ?? undefined),
    ...coverage,
    trend: villageTrend(village[6], before, { operator: data.filter.operator ?? undefined, weak: data.filter.weak }),
  }
}

export function geojsonStream(data: SignalGaps): ReadableStream<Uint8Array> {
  const head = `{"type":"FeatureCollection","name":${JSON.stringify(`signal-gaps-${data.year}`)},"year":${data.year},"features":[`
  return chunked(
    data,
    (rows, first) =>
      (first ? '' : ',') +
      rows
        .map((row) =>
          JSON.stringify({
            type: 'Feature',
            id: `${row.commune.id}/${row.village[0]}`,
            // RFC 7946: [longitude, latitude]; an unlocated village has a null geometry.
            geometry: row.village[4] !== null && row.village[5] !== null ? { type: 'Point', coordinates: [row.village[5], row.village[4]] } : null,
            properties: properties(data, row),
          }),
        )
        .join(','),
    head,
    ']}\n',
  )
}

const TREND_VI: Record<string, string> = { gained: 'Đã có 4G', still_missing: 'Vẫn chưa có', new_gap: 'Mới' }

export function csvSignalStream(data: SignalGaps): ReadableStream<Uint8Array> {
  const header: Cell[] = [
    'Mã xã',
    'Xã',
    'Đơn vị',
    'Mã thôn',
    'Thôn',
    'Loại',
    'Số hộ',
    'Vĩ độ',
    'Kinh độ',
    'Sóng tốt nhất',
    ...data.operators.flatMap((op) => [op.label.vi, `${op.label.vi} - yếu`]),
    'So với năm trước',
  ]
  return chunked(
    data,
    (rows) =>
      rows
        .map((row) => {
          const p = properties(data, row)
          return csvLine([
            row.commune.id,
            row.commune.name,
            row.commune.unitName,
            row.village[0],
            row.village[1],
            row.village[2],
            row.village[3],
            row.village[4],
            row.village[5],
            p.best as string,
            ...data.operators.flatMap((op) => [p[op.id] as string, p[`${op.id}_weak`] ? 'có' : '']),
            p.trend ? TREND_VI[p.trend as string]! : '',
          ])
        })
        .join(''),
    CSV_BOM + csvLine(header),
    '',
  )
}

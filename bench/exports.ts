import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { build } from 'esbuild'
import { createInterface } from 'node:readline'
import { issueToken } from '../functions/src/auth/token'
import { startDynamoLocal } from '../functions/src/local/dynamo-local'
import { demoAnswers } from '../functions/src/seed/demo-review'
import { emptyAssessment, type AssessmentStatus, type Profile } from '../shared/assessment'
import { defaultRubric2025 } from '../shared/rubric/default'
import { deployedStore } from './bench-store'

/*
 * Exports bench (issue 4): a province of N communes × the 2025 rubric's 42 indicators, every one with a full
 * assessment, in 20 review units, on DynamoDB Local (in memory). The API server runs in a child process
 * (bench/exports-server.ts) so its peak RSS and heap are the server's own; this process seeds the table and times
 * GET /api/exports/assessments.{xlsx,csv} for the whole province end to end over HTTP (until the last byte).
 */

export type ExportRun = {
  communes: number
  format: 'xlsx' | 'csv'
  seconds: number
  bytes: number
  rows: number
  peakRssMb: number
  baseRssMb: number
  peakHeapMb: number
}

const UNITS = 20
const STATUSES: AssessmentStatus[] = ['submitted', 'district_approved', 'recognised', 'returned', 'draft']
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

async function seed(endpoint: string, tableName: string, communes: number): Promise<void> {
  const { raw, store } = await deployedStore(endpoint, tableName, { create: true })
  await store.rubrics.put(defaultRubric2025)
  await store.orgUnits.put({ id: 'p-bench', kind: 'province', name: 'Tỉnh Bench' })
  await store.users.put({ id: 'u-admin', username: 'quantri.bench', name: 'Quản trị', role: 'admin', orgUnitId: 'p-bench', active: true, passwordHash: 'x' })
  for (let u = 0; u < UNITS; u++) await store.orgUnits.put({ id: `d-${u}`, kind: 'district', name: `Khu vực ${u}`, parentId: 'p-bench' })
  const profile: Profile = { population: 6200, adults: 4300, households: 1450, villages: 9, officials: 21, businesses: 12, schools: 5 }
  const shares = [1, 0.9, 0.75, 0.6, 0.4]
  const answerSets = shares.map((s) => demoAnswers(defaultRubric2025, profile, s))
  let next = 0
  const worker = async () => {
    for (let i = next++; i < communes; i = next++) {
      const id = `c-${i}`
      await store.orgUnits.put({ id, kind: 'commune', name: `Xã Số ${i}`, parentId: `d-${i % UNITS}` })
      const status = STATUSES[i % STATUSES.length]!
      await store.assessments.save(
        {
          ...emptyAssessment(id, 2025),
          status,
          version: 1,
          profile,
          answers: answerSets[i % answerSets.length]!,
          updatedAt: new Date().toISOString(),
          updatedBy: 'seed',
          ...(status === 'recognised'
            ? { provinceDecision: { action: 'recognise' as const, by: 'u-admin', byName: 'Quản trị', at: new Date().toISOString(), decisionNumber: '15/QĐ-UBND', decisionDate: '2025-06-30' } }
            : {}),
        },
        0,
      )
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  raw.destroy()
}

/**
 * The server as the Lambda runs it: one esbuild bundle (not tsx, whose TypeScript loader would add its own
 * memory to the figure).
 */
async function bundleServer(): Promise<string> {
  mkdirSync('bench/.tmp', { recursive: true })
  const outfile = 'bench/.tmp/exports-server.mjs'
  await build({
    entryPoints: ['bench/exports-server.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // exceljs and its dependencies are CommonJS that require() node built-ins.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  })
  return outfile
}

async function startServer(bundle: string, endpoint: string, tableName: string, secret: string) {
  // BENCH_EXPORTS_MAX_HEAP_MB caps the server's heap: an export that completes under a small cap holds no more.
  const cap = process.env.BENCH_EXPORTS_MAX_HEAP_MB ? [`--max-old-space-size=${Number(process.env.BENCH_EXPORTS_MAX_HEAP_MB)}`] : []
  const child = spawn(process.execPath, ['--expose-gc', ...cap, bundle, endpoint, tableName, secret], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`exports server exited with ${code}`)))
  })
  const { base } = JSON.parse(line) as { base: string }
  return { base, stop: () => child.stdin!.end() }
}

export async function benchExports(sizes = [2_000, 10_000]): Promise<ExportRun[]> {
  const dynamo = await startDynamoLocal({ inMemory: true })
  const secret = 'bench-secret-bench-secret-bench-secret-0123'
  const runs: ExportRun[] = []
  const bundle = await bundleServer()
  try {
    for (const communes of sizes) {
      const tableName = `bench-exports-${communes}`
      const started = Date.now()
      await seed(dynamo.endpoint, tableName, communes)
      console.log(`bench: exports: seeded ${communes} assessments in ${((Date.now() - started) / 1000).toFixed(0)} s`)
      const server = await startServer(bundle, dynamo.endpoint, tableName, secret)
      try {
        const { token } = await issueToken({ id: 'u-admin', username: 'quantri.bench', role: 'admin', orgUnitId: 'p-bench' }, { secret, ttlSeconds: 3600, now: () => new Date() })
        const get = (path: string, init: RequestInit = {}) => fetch(`${server.base}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } })
        // Warm-up (module loading, JIT) on one unit, as a warm Lambda container would have done.
        for (const format of ['csv', 'xlsx']) await (await get(`/api/exports/assessments.${format}?year=2025&unitId=d-0`)).arrayBuffer()
        for (const format of ['xlsx', 'csv'] as const) {
          await get('/bench/mem', { method: 'POST' })
          const t0 = performance.now()
          const res = await get(`/api/exports/assessments.${format}?year=2025`)
          if (res.status !== 200) throw new Error(`export ${format}: ${res.status} ${await res.text()}`)
          const body = Buffer.from(await res.arrayBuffer())
          const seconds = (performance.now() - t0) / 1000
          const mem = (await (await get('/bench/mem')).json()) as { base: { rss: number }; peak: { rss: number; heapUsed: number } }
          const rows = format === 'csv' ? body.toString('utf8').split('\r\n').length - 2 : await xlsxRows(body)
          if (rows !== communes) throw new Error(`export ${format}: ${rows} rows for ${communes} communes`)
          runs.push({ communes, format, seconds, bytes: body.length, rows, peakRssMb: mb(mem.peak.rss), baseRssMb: mb(mem.base.rss), peakHeapMb: mb(mem.peak.heapUsed) })
          console.log(`bench: exports: ${communes} ${format} ${seconds.toFixed(2)} s, ${mb(body.length)} MB, peak RSS ${mb(mem.peak.rss)} MB`)
        }
      } finally {
        server.stop()
      }
    }
  } finally {
    await dynamo.stop()
  }
  return runs
}

/** Data rows of the XLSX, read back (checks the file is whole, outside the timed part). */
async function xlsxRows(bytes: Buffer): Promise<number> {
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  return wb.getWorksheet('Đánh giá')!.actualRowCount - 1
}

/** The report's section: targets for 2,000 communes, and how it scales to 10,000. */
export function exportsReport(runs: ExportRun[], out: (s?: string) => void): void {
  out('## Exports: GET /api/exports/assessments.{xlsx,csv}, whole province (42 indicators, 20 review units)')
  out('Server in its own process (peak RSS/heap sampled every 5 ms by the server; base = after GC, before the request), DynamoDB Local in memory, end to end over HTTP until the last byte.')
  out()
  out('| communes | format | seconds | size | peak RSS (base) | peak heap |')
  out('|---|---|---|---|---|---|')
  for (const r of runs) out(`| ${r.communes.toLocaleString('en')} | ${r.format} | ${r.seconds.toFixed(2)} | ${mb(r.bytes)} MB | ${r.peakRssMb} MB (${r.baseRssMb}) | ${r.peakHeapMb} MB |`)
  out()
  // How it scales, from the measured sizes (smallest → largest).
  for (const format of ['xlsx', 'csv'] as const) {
    const of = runs.filter((r) => r.format === format).sort((a, b) => a.communes - b.communes)
    if (of.length < 2) continue
    const [small, large] = [of[0]!, of[of.length - 1]!]
    const perThousand = (r: ExportRun) => (r.seconds / r.communes) * 1000
    out(
      `- ${format.toUpperCase()}: ${small.communes.toLocaleString('en')} → ${large.communes.toLocaleString('en')} communes (×${(large.communes / small.communes).toFixed(0)}): ` +
        `time ×${(large.seconds / small.seconds).toFixed(1)} (${perThousand(small).toFixed(2)} → ${perThousand(large).toFixed(2)} s per 1,000), ` +
        `peak RSS ${small.peakRssMb} → ${large.peakRssMb} MB, size ${mb(small.bytes)} → ${mb(large.bytes)} MB.`,
    )
  }
  out(
    '- Rows are built one DynamoDB page (≤ 1 MB) at a time and nothing keeps them: the CSV leaves as it is produced; exceljs 4.4 keeps the XLSX ' +
      'sheet until the last row and zips it then, so an XLSX sends its first byte at the end. Peak heap counts garbage V8 has not collected yet; ' +
      '`BENCH_EXPORTS_MAX_HEAP_MB=64 npx tsx bench/exports.ts 10000` caps the server\'s heap to show what an export really holds. ' +
      'The Lambda\'s 20 s timeout bounds one export: compare the 10,000-commune times with it (Lambda at 1 GB has about half a vCPU).',
  )
  out()
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
  benchExports(sizes.length ? sizes : undefined).then(
    (runs) => {
      const lines: string[] = []
      exportsReport(runs, (s = '') => lines.push(s))
      console.log(lines.join('\n'))
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}

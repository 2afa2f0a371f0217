import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { benchApi, type Latency } from './api'
import { benchReview } from './review'
import { benchDesk, deskReport, deskTargets } from './review-desk'
import { benchExports, exportsReport } from './exports'
import { benchDashboard } from './dashboard'
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import type { ScoringRun } from './scoring'
import { lambdaBundleSize, officerPageSize } from './sizes'
import { benchPageLoad, pageLoadConditions } from './page-load'

/*
 * `npm run bench` → bench/report.md. Targets come from the issues; each figure is measured on this machine,
 * never asserted in a test (timings in tests are flaky; a report is read by people).
 */

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const mark = (ok: boolean) => (ok ? '✅' : '❌')

async function main() {
  const lines: string[] = []
  const out = (s = '') => lines.push(s)
  console.log('bench: scoring…')
  const scoring = await benchScoringBundled()
  console.log('bench: API latency against DynamoDB Local…')
  const api = await benchApi()
  console.log('bench: review queue and bulk recognition…')
  const review = await benchReview()
  console.log('bench: reviewer\'s desk (sorted queue of 500, one commune in the browser)…')
  const desk = await benchDesk()
  console.log('bench: dashboard of a province of 2,000 communes…')
  const dashboard = await benchDashboard()
  console.log('bench: sizes…')
  const page = officerPageSize()
  const lambda = await lambdaBundleSize()
  console.log('bench: officer page load on throttled 3G…')
  const pageLoad = await benchPageLoad()
  console.log('bench: exports of 2,000 and 10,000 communes…')
  const exportsRuns = await benchExports()

  const patch10 = api.patch.find((l) => l.clients === 10)!
  out('# Bench report')
  out()
  out(`Measured ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`)
  out('DynamoDB Local (in memory, the same jar `npm start` uses) on loopback; one Node process serves the API.')
  out()
  out('| target | measured | |')
  out('|---|---|---|')
  for (const run of scoring)
    out(`| scoring ≥ 50,000 assessments/s (2025 rubric), ${run.mix} | ${run.perSecond.toLocaleString('en')} /s | ${mark(run.perSecond >= 50_000)} |`)
  out(`| PATCH p95 ≤ 50 ms at 10 clients | ${patch10.p95} ms${patch10.errors ? ` (${patch10.errors} errors: not valid)` : ''} | ${mark(patch10.errors === 0 && patch10.p95 <= 50)} |`)
  const dash1 = dashboard.rows.find((r) => r.clients === 1)!
  out(`| dashboard ≤ 300 ms for 2,000 communes (GET /api/dashboard, province, p95, 1 client) | ${dash1.p95} ms${dash1.errors ? ` (${dash1.errors} errors: not valid)` : ''} | ${mark(dash1.errors === 0 && dash1.p95 <= 300)} |`)
  out(`| officer page ≤ 120 KB gzipped JS+CSS | ${kb(page.gzipTotal)} | ${mark(page.gzipTotal <= 120 * 1024)} |`)
  for (const r of pageLoad) out(`| officer page time to interactive on 3G, ${r.label} | ${(r.median / 1000).toFixed(2)} s | |`)
  for (const row of deskTargets(desk)) out(row)
  for (const r of exportsRuns.filter((e) => e.communes === 2_000))
    out(`| export ${r.format.toUpperCase()} of 2,000 communes × 42 indicators ≤ 5 s and ≤ 200 MB | ${r.seconds.toFixed(2)} s, peak RSS ${r.peakRssMb} MB | ${mark(r.seconds <= 5 && r.peakRssMb <= 200)} |`)
  out()
  out('## Scoring throughput')
  out('Each assessment is scored with its verdict and the "what would meet it" advice for every unmet indicator, on one core.')
  out()
  out('| mix | assessments | seconds | per second | µs each |')
  out('|---|---|---|---|---|')
  for (const run of scoring)
    out(`| ${run.mix} | ${run.assessments.toLocaleString('en')} | ${run.seconds.toFixed(2)} | ${run.perSecond.toLocaleString('en')} | ${run.usPerAssessment.toFixed(1)} |`)
  out()
  const table = (title: string, rows: Latency[]) => {
    out(`## ${title}`)
    out('| clients | requests | p50 ms | p95 ms | p99 ms | req/s | errors |')
    out('|---|---|---|---|---|---|---|')
    for (const r of rows) out(`| ${r.clients} | ${r.requests} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.rps} | ${r.errors} |`)
    out()
  }
  table('PATCH /api/communes/:id/assessments/2025 (merge, validate, score, conditional write)', api.patch)
  table('GET /api/communes/:id/assessments/2025 (read, score)', api.get)
  out(`## Review queue: GET /api/review/queue, one review unit of ${review.communes} communes (one Query per page)`)
  out('The server runs in the bench process here (client and server share a core); DynamoDB Local in memory.')
  out()
  out('| request | clients | requests | p50 ms | p95 ms | p99 ms | req/s | errors |')
  out('|---|---|---|---|---|---|---|---|')
  for (const q of review.queue) out(`| ${q.what} | ${q.clients} | ${q.requests} | ${q.p50} | ${q.p95} | ${q.p99} | ${q.rps} | ${q.errors} |`)
  out()
  out(`## Dashboard: GET /api/dashboard, a province of ${dashboard.communes} communes in ${dashboard.units} review units`)
  out(
    `Two years of assessments in every status written through assessments.save (${dashboard.seedSeconds.toFixed(0)} s), so the counters are ` +
      `the real ones; a request is one Query of the year's counters (≤ ${dashboard.units * 4} small items), the previous year's and the ` +
      `communes per unit (cached 30 s per process, as deployed). Answer: ${(dashboard.bytes / 1024).toFixed(1)} KB of JSON before gzip. ` +
      'Server, client and DynamoDB Local share this machine, so the 10-client rows measure its throughput more than one request.',
  )
  out()
  out('| request | clients | requests | p50 ms | p95 ms | p99 ms | req/s | errors |')
  out('|---|---|---|---|---|---|---|---|')
  for (const q of dashboard.rows) out(`| ${q.what} | ${q.clients} | ${q.requests} | ${q.p50} | ${q.p95} | ${q.p99} | ${q.rps} | ${q.errors} |`)
  out()
  out('## Bulk recognition: POST /api/recognitions')
  out(
    `${review.recognition.communes} district-approved communes in one request: ${review.recognition.seconds.toFixed(2)} s ` +
      `(${review.recognition.msPerCommune.toFixed(1)} ms per commune; each is its own read, eligibility check on the reviewed values and ` +
      `TransactWriteItems with its event, 16 at a time); ${review.recognition.recognised} recognised.`,
  )
  out()
  exportsReport(exportsRuns, out)
  out('## Officer page (first load: what web/dist/index.html references)')
  out('| asset | raw | gzip -9 |')
  out('|---|---|---|')
  for (const a of page.assets) out(`| ${a.file} | ${kb(a.raw)} | ${kb(a.gzip)} |`)
  out(`| **total** | ${kb(page.rawTotal)} | **${kb(page.gzipTotal)}** |`)
  out()
  out('## Officer page time to interactive (throttled 3G)')
  out(`${pageLoadConditions}. Interactive = form rendered with its score and first input enabled, from navigation start.`)
  out('Repeat visits: the service worker serves the shell; its own API requests are not throttled by the page-level emulation.')
  out('| visit | median | runs (ms) | transferred by the page |')
  out('|---|---|---|---|')
  for (const r of pageLoad) out(`| ${r.label} | ${r.median} ms | ${r.ms.join(', ')} | ${r.transferredKb === undefined ? '—' : kb(r.transferredKb * 1024)} |`)
  out()
  out('## Lambda bundle (esbuild, minified ESM, node20)')
  out(`- with the AWS SDK bundled: ${kb(lambda.withSdk)} (${kb(lambda.withSdkGzip)} gzipped)`)
  out(`- with \`@aws-sdk/*\` left to the Lambda runtime: ${kb(lambda.sdkExternal)}`)
  out()
  mkdirSync('bench', { recursive: true })
  writeFileSync('bench/report.md', lines.join('\n'))
  console.log(lines.join('\n'))
}

async function benchScoringBundled(): Promise<ScoringRun[]> {
  mkdirSync('bench/.tmp', { recursive: true })
  await build({ entryPoints: ['bench/scoring-main.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: 'bench/.tmp/scoring.mjs', logLevel: 'error' })
  return JSON.parse(execFileSync(process.execPath, ['bench/.tmp/scoring.mjs'], { encoding: 'utf8' })) as ScoringRun[]
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)

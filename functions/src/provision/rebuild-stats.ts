import { parseArgs } from 'node:util'
import { rebuildStats } from '../dashboard/rebuild'
import { openStore, runCli } from './cli'
import { YEAR_MAX, YEAR_MIN } from '../../../shared/year-range'

/*
 * Maintenance: recompute the dashboard counters of one year (functions/src/storage/README.md, D4).
 *   npx sst shell --stage quang-ngai -- npx tsx functions/src/provision/rebuild-stats.ts --province qng --year 2025
 * or against any table: --table <name> [--endpoint http://127.0.0.1:8000]
 */
async function main() {
  const { values } = parseArgs({
    options: { province: { type: 'string' }, year: { type: 'string' }, table: { type: 'string' }, endpoint: { type: 'string' } },
  })
  const year = Number(values.year)
  if (!values.province || !Number.isInteger(year) || year < YEAR_MIN || year > YEAR_MAX) throw new Error(`Required: --province <id> --year <${YEAR_MIN}–${YEAR_MAX}>`)
  const report = await rebuildStats(await openStore(values), values.province, year)
  console.log(`Năm ${year}: ${report.assessments} bản đánh giá, ${report.units} đơn vị / year ${year}: ${report.assessments} assessments, ${report.units} units`)
  if (report.changedMeanwhile.length > 0) {
    console.log(`Thay đổi trong lúc tính lại, hãy chạy lại / changed during the run, run again: ${report.changedMeanwhile.join(', ')}`)
    process.exitCode = 2
  }
}

runCli(main)

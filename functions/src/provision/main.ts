import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { hashPassword } from '../auth/password'
import { openStore, runCli } from './cli'
import { ProvinceUnits, provisionProvince } from './provision-province'

/*
 * Usage, against a deployed stage (sst shell puts the linked table in the environment):
 *   npx sst shell --stage quang-ngai -- npx tsx functions/src/provision/main.ts \
 *     --units units.json --admin quantri.quangngai --admin-name "Trần Thị Thu Hà" [--year 2026 --deadline 2026-11-30]
 * (--year: the first survey year to open, default the shipped rubric's; --deadline: default 60 days from today)
 * or against any table: --table <name> [--endpoint http://127.0.0.1:8000]
 */
async function main() {
  const { values } = parseArgs({
    options: {
      units: { type: 'string' },
      admin: { type: 'string' },
      'admin-name': { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      year: { type: 'string' },
      deadline: { type: 'string' },
    },
  })
  if (!values.units || !values.admin || !values['admin-name'])
    throw new Error('Required: --units <file.json> --admin <username> --admin-name "<full name>"')
  const store = await openStore(values)
  const units = ProvinceUnits.parse(JSON.parse(readFileSync(values.units, 'utf8')))
  const result = await provisionProvince(store, {
    units,
    admin: { username: values.admin, name: values['admin-name'] },
    survey: { ...(values.year ? { year: Number(values.year) } : {}), ...(values.deadline ? { deadline: values.deadline } : {}) },
    hashPassword,
  })
  console.log(`Đã nạp ${result.units} đơn vị / ${result.units} units loaded; rubric stored: ${result.rubricStored}; survey year opened: ${result.yearOpened}`)
  if (result.adminPassword)
    console.log(`Tài khoản quản trị ${values.admin} — mật khẩu dùng một lần (chỉ hiện lần này) / one-time password (shown once): ${result.adminPassword}`)
  else console.log(`Tài khoản ${values.admin} đã có sẵn, không thay đổi / already exists, left unchanged`)
}

runCli(main)

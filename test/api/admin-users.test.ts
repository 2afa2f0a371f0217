import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { createStore, type Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { accounts, call, makeApp, seedFixtures, tokensFor, units, type AccountName, type TestApp } from './harness'
import { scaled } from '../support/timing'

let app: TestApp
let store: Store
let t: Record<AccountName, string>

const otherProvince = [
  { id: 'dng', kind: 'province', name: 'Đà Nẵng' },
  { id: 'dng-hoa-vang', kind: 'district', name: 'Hòa Vang', parentId: 'dng' },
  { id: 'dng-hoa-bac', kind: 'commune', name: 'Hòa Bắc', parentId: 'dng-hoa-vang' },
] as const

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  for (const u of otherProvince) await store.orgUnits.put(u)
  await store.users.put({ id: 'u-dng', username: 'officer.hoabac', name: 'Đà Nẵng officer', role: 'officer', orgUnitId: 'dng-hoa-bac', passwordHash: 'x', active: true })
  app = makeApp(store)
  t = await tokensFor(app, 'officer', 'reviewer', 'admin')
})

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

async function upload(target: TestApp, token: string, bytes: Uint8Array | string, type = 'text/csv') {
  const res = await target.request('/api/admin/users/import', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: typeof bytes === 'string' ? bytes : (bytes as unknown as string),
  })
  return { status: res.status, body: (await res.json()) as any }
}

async function xlsx(rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('Tài khoản')
  for (const r of rows) sheet.addRow(r)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

/** Sends a file and continues its job until it is no longer 202 (what the admin page does). */
async function importAll(target: TestApp, token: string, bytes: Uint8Array | string, type = 'text/csv') {
  let res = await upload(target, token, bytes, type)
  let steps = 1
  while (res.status === 202) {
    const next = await target.request(`/api/admin/users/import-jobs/${res.body.job.id}/continue`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    res = { status: next.status, body: (await next.json()) as any }
    steps++
  }
  return { ...res, steps }
}

const lines = (res: { body: any }) => res.body.error.details.problems.map((p: { line: number; code: string }) => `${p.line}:${p.code}`)

describe('role and scope checks', () => {
  it('only administrators reach the account routes, and only for their own province', async () => {
    for (const who of ['officer', 'reviewer'] as const) {
      const token = t[who]
      expect((await call(app, 'GET', '/api/admin/users', { token })).status).toBe(403)
      expect((await call(app, 'POST', '/api/admin/users', { token, body: { name: 'X', username: 'x.y.z', role: 'officer', unitId: units.sonDung.id } })).status).toBe(403)
      expect((await upload(app, token, 'name,username,role,unit\nA,a.b.c,officer,qng-son-dung\n')).status).toBe(403)
      for (const action of ['reset-password', 'deactivate', 'activate']) {
        expect((await call(app, 'POST', `/api/admin/users/${accounts.otherOfficer.id}/${action}`, { token })).status).toBe(403)
      }
    }
    expect((await call(app, 'GET', '/api/admin/users')).status).toBe(401)
    expect((await call(app, 'GET', '/api/admin/users?unitId=dng-hoa-bac', { token: t.admin })).status).toBe(403)
    expect((await call(app, 'POST', '/api/admin/users', { token: t.admin, body: { name: 'X', username: 'x.y.z', role: 'officer', unitId: 'dng-hoa-bac' } })).status).toBe(403)
    expect((await call(app, 'POST', '/api/admin/users/u-dng/deactivate', { token: t.admin })).status).toBe(403)
    expect((await call(app, 'POST', '/api/admin/users/nobody/reset-password', { token: t.admin })).status).toBe(404)
    expect((await call(app, 'POST', `/api/admin/users/${accounts.admin.id}/deactivate`, { token: t.admin })).status).toBe(409)
  })

  it('lists a unit’s accounts without password hashes', async () => {
    const res = await call(app, 'GET', `/api/admin/users?unitId=${units.sonDung.id}`, { token: t.admin })
    expect(res.status).toBe(200)
    expect(res.body.users.map((u: { username: string }) => u.username).sort()).toEqual([accounts.officer.username, accounts.inactive.username].sort())
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt|otp-sha256/)
    expect(res.body.users.find((u: { username: string }) => u.username === accounts.inactive.username).active).toBe(false)
  })
})

describe('POST /api/admin/users', () => {
  it('creates an account with a one-time password shown once', async () => {
    const res = await call(app, 'POST', '/api/admin/users', { token: t.admin, body: { name: 'Võ Thị Hoa', username: 'Hoa.SonMua', role: 'officer', unitId: units.sonMua.id } })
    expect(res.status).toBe(201)
    expect(res.body.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/)
    expect(res.body.user).toMatchObject({ username: 'Hoa.SonMua', role: 'officer', orgUnitId: units.sonMua.id, active: true, mustChangePassword: true })
    const login = await call(app, 'POST', '/api/auth/login', { body: { username: 'hoa.sonmua', password: res.body.oneTimePassword } })
    expect(login.body.mustChangePassword).toBe(true)
    const list = await call(app, 'GET', `/api/admin/users?unitId=${units.sonMua.id}`, { token: t.admin })
    expect(JSON.stringify(list.body)).not.toContain(res.body.oneTimePassword)
  })

  it('names the field for a taken username, a role that does not fit the unit, an unknown unit, a bad username', async () => {
    const create = (body: Record<string, unknown>) =>
      call(app, 'POST', '/api/admin/users', { token: t.admin, body: { name: 'X Y', username: 'new.person', role: 'officer', unitId: units.sonDung.id, ...body } })
    const taken = await create({ username: accounts.officer.username.toUpperCase() })
    expect(taken.status).toBe(409)
    expect(taken.body.error.fields[0].field).toBe('username')
    for (const [body, status, field] of [
      [{ role: 'reviewer' }, 400, 'unitId'], // a reviewer belongs to a review unit, not a commune
      [{ role: 'officer', unitId: units.sonTay.id }, 400, 'unitId'],
      [{ role: 'admin', unitId: units.sonDung.id }, 400, 'unitId'],
      [{ unitId: 'no-such-unit' }, 400, 'unitId'],
      [{ username: 'có dấu' }, 400, 'username'],
      [{ username: 'ab' }, 400, 'username'],
      [{ role: 'root' }, 400, 'role'],
      [{ name: '' }, 400, 'name'],
    ] as const) {
      const res = await create(body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field)
    }
  })
})

describe('POST /api/admin/users/import', () => {
  it('imports a CSV with Vietnamese headers (Excel’s ; separator, BOM) and returns each one-time password once', async () => {
    const csv = '\uFEFFHọ tên;Tên đăng nhập;Vai trò;Đơn vị\n' +
      'Nguyễn Văn Một;csv.mot;cán bộ;Sơn Dung\n' +
      '\n' +
      '"Trần Thị; Hai";csv.hai;officer;qng-son-mua\n' +
      'Lê Thẩm Định;csv.ba;thẩm định;qng-son-tay\n'
    const res = await upload(app, t.admin, csv)
    expect(res.status).toBe(201)
    expect(res.body.imported).toBe(3)
    expect(res.body.users.map((u: { line: number; username: string; name: string }) => [u.line, u.username, u.name])).toEqual([
      [2, 'csv.mot', 'Nguyễn Văn Một'],
      [4, 'csv.hai', 'Trần Thị; Hai'],
      [5, 'csv.ba', 'Lê Thẩm Định'],
    ])
    const login = await call(app, 'POST', '/api/auth/login', { body: { username: 'csv.ba', password: res.body.users[2].oneTimePassword } })
    expect(login.status).toBe(200)
    expect(login.body.user).toMatchObject({ role: 'reviewer', orgUnitId: units.sonTay.id })
  })

  it('imports an XLSX with English headers, in any column order, as multipart/form-data', async () => {
    const bytes = await xlsx([
      ['Unit', 'Username', 'Name', 'Role'],
      ['qng-an-vinh', 'xlsx.one', 'Phạm Văn Xlsx', 'officer'],
      ['Lý Sơn', 'xlsx.two', 'Đỗ Thị Xlsx', 'reviewer'],
    ])
    const form = new FormData()
    form.append('file', new Blob([bytes as unknown as string], { type: XLSX_TYPE }), 'tai-khoan.xlsx')
    const res = await app.request('/api/admin/users/import', { method: 'POST', headers: { authorization: `Bearer ${t.admin}` }, body: form })
    const body = (await res.json()) as any
    expect(res.status).toBe(201)
    expect(body.users.map((u: { line: number; username: string; orgUnitId: string }) => [u.line, u.username, u.orgUnitId])).toEqual([
      [2, 'xlsx.one', units.anVinh.id],
      [3, 'xlsx.two', units.lySon.id],
    ])
    // and raw XLSX bodies work too
    const raw = await upload(app, t.admin, await xlsx([['Họ tên', 'Tên đăng nhập', 'Vai trò', 'Đơn vị'], ['A B', 'xlsx.three', 'officer', 'qng-an-vinh']]), XLSX_TYPE)
    expect(raw.status).toBe(201)
  })

  it('rejects wrong headers on line 1, naming the missing and unknown columns', async () => {
    const res = await upload(app, t.admin, 'Tên;Email;Vai trò;Đơn vị\nA;a@b;officer;qng-son-dung\n')
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation')
    expect(lines(res)).toEqual(expect.arrayContaining(['1:unknown_header', '1:missing_header', '1:expected_headers']))
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain('line.1.username')
    const x = await upload(app, t.admin, await xlsx([['a', 'b', 'c', 'd'], ['1', '2', '3', '4']]), XLSX_TYPE)
    expect(x.status).toBe(400)
    expect(lines(x)).toContain('1:missing_header')
  })

  it('reports every bad row with its line number and imports nothing from that file', async () => {
    const csv = [
      'name,username,role,unit',
      'Good One,bad.file.1,officer,qng-son-dung', // 2: fine on its own
      'Dup Inside,bad.file.2,officer,qng-son-dung', // 3
      'Dup Again,BAD.FILE.2,officer,qng-son-mua', // 4: duplicate of line 3 (case-insensitive)
      `Exists,${accounts.reviewer.username},reviewer,qng-son-tay`, // 5: already taken
      'Nowhere,bad.file.6,officer,Xã Không Có', // 6: unknown unit
      'Wrong Role,bad.file.7,reviewer,qng-son-dung', // 7: a reviewer on a commune
      'No Role,bad.file.8,,qng-son-dung', // 8: role missing
      ',bad.file.9,officer,qng-son-dung', // 9: name missing
      'Other Province,bad.file.10,officer,dng-hoa-bac', // 10: not in this province
      'Bad Name,có dấu,officer,qng-son-dung', // 11
      'Retired? no,bad.file.12,boss,qng-son-dung', // 12: unknown role
    ].join('\r\n')
    const res = await upload(app, t.admin, csv)
    expect(res.status).toBe(400)
    expect(lines(res)).toEqual([
      '4:duplicate_in_file',
      '5:username_taken',
      '6:unknown_unit',
      '7:role_not_allowed',
      '8:required',
      '9:required',
      '10:unknown_unit',
      '11:invalid_username',
      '12:unknown_role',
    ])
    expect(res.body.error.message).toMatch(/nothing was imported/)
    const messages = res.body.error.details.problems.find((p: { line: number }) => p.line === 4).message
    expect(messages.vi).toContain('dòng 3')
    expect(messages.en).toContain('line 3')
    expect(await store.users.existingUsernames(['bad.file.1', 'bad.file.2'])).toEqual(new Set())
  })

  it('names every line that is not UTF-8 (a Windows-1258 export) and imports nothing', async () => {
    const header = new TextEncoder().encode('name,username,role,unit\nGood,enc.good,officer,qng-son-dung\n')
    // "Sơn" in Windows-1258 is 53 F5 6E: F5 is not valid UTF-8 here.
    const bad = Uint8Array.from([0x53, 0xf5, 0x6e, 0x2c, ...new TextEncoder().encode('enc.bad,officer,qng-son-dung\n')])
    const res = await upload(app, t.admin, Uint8Array.from([...header, ...bad, ...bad]))
    expect(res.status).toBe(400)
    expect(lines(res)).toEqual(['3:not_utf8', '4:not_utf8'])
    expect(await store.users.getByUsername('enc.good')).toBeUndefined()
  })

  it('refuses an empty file, a damaged XLSX, more than 10,000 rows and more than 5 MB', async () => {
    expect((await upload(app, t.admin, '')).status).toBe(400)
    const damaged = await upload(app, t.admin, Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), XLSX_TYPE)
    expect(damaged.status).toBe(400)
    expect(lines(damaged)).toEqual(['1:malformed_xlsx'])
    const rows = ['name,username,role,unit', ...Array.from({ length: 10_001 }, (_, i) => `N ${i},many.${i},officer,qng-son-dung`)]
    const many = await upload(app, t.admin, rows.join('\n'))
    expect(many.status).toBe(400)
    expect(lines(many)).toEqual(['10002:too_many_rows'])
    const huge = await upload(app, t.admin, 'name,username,role,unit\n' + 'x'.repeat(5 * 1024 * 1024 + 100 * 1024))
    expect(huge.status).toBe(400)
    expect(huge.body.error.fields[0].field).toBe('file')
  })

  it('imports 10,000 rows in one file, reasonably fast', async () => {
    const { store: bigStore } = await createTestTable()
    await seedFixtures(bigStore)
    const bigApp = makeApp(bigStore)
    const [admin] = Object.values(await tokensFor(bigApp, 'admin'))
    const communes = [units.sonDung.id, units.sonMua.id, units.anVinh.id]
    const rows = ['họ tên,tên đăng nhập,vai trò,đơn vị', ...Array.from({ length: 10_000 }, (_, i) => `Cán bộ số ${i},bulk.${i},cán bộ,${communes[i % 3]}`)]
    const started = Date.now()
    const res = await importAll(bigApp, admin!, rows.join('\n'))
    const seconds = (Date.now() - started) / 1000
    // Done in one request or, past the request's time budget, in several (202 → continue).
    expect([200, 201]).toContain(res.status)
    expect(res.body.job).toMatchObject({ status: 'done', total: 10_000, created: 10_000, activated: 10_000 })
    expect(res.body.imported).toBe(10_000)
    expect(new Set(res.body.users.map((u: { oneTimePassword: string }) => u.oneTimePassword)).size).toBe(10_000)
    const listed = await call(bigApp, 'GET', `/api/admin/users?unitId=${units.anVinh.id}`, { token: admin })
    expect(listed.body.users.filter((u: { username: string }) => u.username.startsWith('bulk.'))).toHaveLength(3_333)
    console.log(`10,000-row import: ${seconds.toFixed(1)} s in ${res.steps} request(s)`)
    expect(seconds).toBeLessThan(120)
  }, scaled(240_000))

  it('a write that fails midway (a username taken by a concurrent request) rolls back everything this import wrote', async () => {
    const { client, tableName, store: plain } = await createTestTable()
    await seedFixtures(plain)
    // The third transaction finds one of its usernames taken meanwhile, by a real conflicting write.
    let transactions = 0
    const racing = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver)
        return async (command: unknown) => {
          if (command instanceof TransactWriteCommand && (command.input.TransactItems?.length ?? 0) > 2 && ++transactions === 3) {
            const victim = command.input.TransactItems![0]!.Put!.Item!.username as string
            await plain.users.put({ id: 'u-racer', username: victim, name: 'Racer', role: 'officer', orgUnitId: units.sonDung.id, passwordHash: 'x', active: true })
          }
          return target.send(command as never)
        }
      },
    }) as DynamoDBDocumentClient
    const racingApp = makeApp(createStore({ client: racing, tableName }))
    const [admin] = Object.values(await tokensFor(racingApp, 'admin'))
    const usernames = Array.from({ length: 600 }, (_, i) => `race.${i}`)
    const csv = ['name,username,role,unit', ...usernames.map((u) => `Người ${u},${u},officer,qng-son-dung`)].join('\n')
    const res = await importAll(racingApp, admin!, csv)
    expect(res.status).toBe(409)
    expect(res.body.error.message).toMatch(/nothing was imported/)
    expect(transactions).toBeGreaterThanOrEqual(3)
    const left = await plain.users.existingUsernames(usernames)
    expect(left.size).toBe(1) // only the racer's own account
    expect((await plain.users.listByUnit(units.sonDung.id)).filter((u) => u.username.startsWith('race.')).map((u) => u.name)).toEqual(['Racer'])
  })
})

/*
 * Bulk account import from CSV or XLSX. Everything is checked before anything is written, and every problem of
 * every row is reported with its line number (the spreadsheet's row number; line 1 is the header). Only a file
 * without problems is written, all or nothing (storage/users.ts putMany), and the answer carries each new
 * account's one-time password, once.
 */
import { randomUUID } from 'node:crypto'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { generateOneTimePassword } from '../auth/one-time'
import { hashOneTimePassword } from '../auth/password'
import { assertAdmin } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { OrgUnit, Role, Store, UserRecord } from '../storage/store'
import { adminUser, roleUnitProblem, USERNAME_PATTERN, type AdminUser } from './accounts'
import { ImportRejected, MAX_IMPORT_ROWS, problem, readImportFile, reject, type ImportColumn as Column, type ImportProblem, type Row } from './import-file'

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './import-file'

const COLUMNS: Column[] = ['name', 'username', 'role', 'unit']

/** Lower case, no diacritics, single spaces: "Tên đăng nhập" and "ten dang nhap" are the same header. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[*:]/g, '')
    .replace(/\s+/g, ' ')
    .trim()

const HEADERS: Record<string, Column> = {
  'ho ten': 'name', 'ho va ten': 'name', name: 'name', 'full name': 'name', fullname: 'name',
  'ten dang nhap': 'username', username: 'username', 'user name': 'username', login: 'username',
  'vai tro': 'role', role: 'role',
  'don vi': 'unit', unit: 'unit', 'ma don vi': 'unit', 'unit id': 'unit',
}
const HEADER_LABEL: Record<Column, string> = { name: 'họ tên / name', username: 'tên đăng nhập / username', role: 'vai trò / role', unit: 'đơn vị / unit' }

const ROLES: Record<string, Role> = {
  officer: 'officer', 'can bo': 'officer', 'can bo xa': 'officer', 'can bo cap xa': 'officer',
  reviewer: 'reviewer', 'tham dinh': 'reviewer', 'can bo tham dinh': 'reviewer', 'nguoi tham dinh': 'reviewer', 'danh gia': 'reviewer', 'nguoi danh gia': 'reviewer',
  admin: 'admin', 'quan tri': 'admin', 'quan tri vien': 'admin', administrator: 'admin',
}

export type ImportResult = { imported: number; users: (AdminUser & { line: number; oneTimePassword: string })[] }

// ---- checking -------------------------------------------------------------------------------------------------

function mapHeader(header: Row): Record<Column, number> {
  const index: Partial<Record<Column, number>> = {}
  const problems: ImportProblem[] = []
  header.cells.forEach((cell, i) => {
    if (cell === '') return
    const column = HEADERS[fold(cell)]
    if (!column) problems.push(problem(header.line, undefined, 'unknown_header', `Cột "${cell}" không được hỗ trợ`, `Unknown column "${cell}"`))
    else if (index[column] !== undefined) problems.push(problem(header.line, column, 'duplicate_header', `Cột "${cell}" bị lặp`, `Column "${cell}" appears twice`))
    else index[column] = i
  })
  for (const column of COLUMNS) {
    if (index[column] === undefined) {
      problems.push(problem(header.line, column, 'missing_header', `Thiếu cột "${HEADER_LABEL[column]}"`, `Missing column "${HEADER_LABEL[column]}"`))
    }
  }
  if (problems.length > 0) {
    problems.push(
      problem(header.line, undefined, 'expected_headers', 'Dòng đầu phải là: họ tên, tên đăng nhập, vai trò, đơn vị', 'The first line must be: name, username, role, unit'),
    )
    reject(problems)
  }
  return index as Record<Column, number>
}

/** Every unit of the province, findable by id, code or exact name (NFC, case-insensitive). */
async function unitIndex(store: Store, province: OrgUnit): Promise<(value: string) => OrgUnit[]> {
  const all: OrgUnit[] = [province]
  let frontier = [province.id]
  for (let depth = 0; frontier.length > 0 && depth < 6; depth++) {
    const children = (await Promise.all(frontier.map((id) => store.orgUnits.listChildren(id)))).flat()
    all.push(...children)
    frontier = children.filter((u) => u.kind !== 'commune').map((u) => u.id)
  }
  const key = (s: string) => s.normalize('NFC').toLowerCase().trim()
  const byKey = new Map<string, OrgUnit[]>()
  const add = (k: string, u: OrgUnit) => {
    const list = byKey.get(key(k)) ?? []
    if (!list.includes(u)) byKey.set(key(k), [...list, u])
  }
  for (const u of all) {
    add(u.id, u)
    if (u.code) add(u.code, u)
    add(u.name, u)
  }
  return (value) => {
    const found = byKey.get(key(value)) ?? []
    // An id or code beats a name: communes in different districts share names ("Tịnh Sơn").
    const exact = found.filter((u) => key(u.id) === key(value) || (u.code && key(u.code) === key(value)))
    return exact.length > 0 ? exact : found.filter((u) => !u.retired).length > 0 ? found.filter((u) => !u.retired) : found
  }
}

export async function importUsers(store: Store, who: Principal, bytes: Uint8Array, now: Date): Promise<ImportResult> {
  const province = await assertAdmin(store, who)
  try {
    const rows = await readImportFile(bytes)
    const [header, ...data] = rows
    if (!header) reject([problem(1, undefined, 'empty', 'Tệp không có dữ liệu', 'The file has no rows')])
    const col = mapHeader(header)
    if (data.length === 0) reject([problem(header.line, undefined, 'no_rows', 'Tệp không có tài khoản nào', 'The file lists no accounts')])
    if (data.length > MAX_IMPORT_ROWS) {
      reject([problem(data[MAX_IMPORT_ROWS]!.line, undefined, 'too_many_rows', `Tối đa ${MAX_IMPORT_ROWS} dòng mỗi tệp`, `At most ${MAX_IMPORT_ROWS} rows per file`)])
    }

    const findUnit = await unitIndex(store, province)
    const problems: ImportProblem[] = []
    const firstLineOf = new Map<string, number>()
    const candidates: { line: number; name: string; username: string; role: Role; unit: OrgUnit }[] = []
    for (const row of data) {
      const cell = (c: Column) => (row.cells[col[c]] ?? '').normalize('NFC').trim()
      const before = problems.length
      const name = cell('name')
      const username = cell('username')
      const roleText = cell('role')
      const unitText = cell('unit')
      if (!name) problems.push(problem(row.line, 'name', 'required', 'Thiếu họ tên', 'Name is missing'))
      else if ([...name].length > 200) problems.push(problem(row.line, 'name', 'too_long', 'Họ tên dài quá 200 ký tự', 'Name is longer than 200 characters'))
      if (!username) problems.push(problem(row.line, 'username', 'required', 'Thiếu tên đăng nhập', 'Username is missing'))
      else if (!USERNAME_PATTERN.test(username)) {
        problems.push(problem(row.line, 'username', 'invalid_username', 'Tên đăng nhập chỉ gồm chữ không dấu, số, dấu . _ - (3–64 ký tự)', 'A username is 3–64 ASCII letters, digits, . _ -'))
      } else {
        const seenOn = firstLineOf.get(username.toLowerCase())
        if (seenOn !== undefined) problems.push(problem(row.line, 'username', 'duplicate_in_file', `Tên đăng nhập "${username}" đã có ở dòng ${seenOn}`, `Username "${username}" is already on line ${seenOn}`))
        else firstLineOf.set(username.toLowerCase(), row.line)
      }
      const role = ROLES[fold(roleText)]
      if (!roleText) problems.push(problem(row.line, 'role', 'required', 'Thiếu vai trò', 'Role is missing'))
      else if (!role) problems.push(problem(row.line, 'role', 'unknown_role', `Vai trò "${roleText}" không hợp lệ (cán bộ / thẩm định / quản trị)`, `Unknown role "${roleText}" (officer / reviewer / admin)`))
      let unit: OrgUnit | undefined
      if (!unitText) problems.push(problem(row.line, 'unit', 'required', 'Thiếu đơn vị', 'Unit is missing'))
      else {
        const found = findUnit(unitText)
        if (found.length === 0) problems.push(problem(row.line, 'unit', 'unknown_unit', `Không có đơn vị "${unitText}" trong tỉnh`, `No unit "${unitText}" in this province`))
        else if (found.length > 1) {
          problems.push(problem(row.line, 'unit', 'ambiguous_unit', `Có ${found.length} đơn vị tên "${unitText}"; hãy ghi mã đơn vị`, `${found.length} units are named "${unitText}"; use the unit's id or code`))
        } else unit = found[0]
      }
      if (unit && role) {
        const p = roleUnitProblem(role, unit, 'unit')
        if (p) problems.push({ line: row.line, column: 'unit', code: p.code, message: p.message })
      }
      if (problems.length === before && unit && role) candidates.push({ line: row.line, name, username, role, unit })
    }
    const taken = await store.users.existingUsernames([...firstLineOf.keys()])
    for (const [username, line] of firstLineOf) {
      if (taken.has(username)) problems.push(problem(line, 'username', 'username_taken', `Tên đăng nhập "${username}" đã có người dùng`, `Username "${username}" is already taken`))
    }
    if (problems.length > 0) reject(problems)

    const createdAt = now.toISOString()
    const created = candidates.map((c) => {
      const oneTimePassword = generateOneTimePassword()
      const user: UserRecord = {
        id: randomUUID(),
        username: c.username,
        name: c.name,
        role: c.role,
        orgUnitId: c.unit.id,
        passwordHash: hashOneTimePassword(oneTimePassword),
        active: true,
        mustChangePassword: true,
        createdAt,
      }
      return { user, line: c.line, oneTimePassword }
    })
    await store.users.putMany(created.map((c) => c.user), { importId: randomUUID() })
    return { imported: created.length, users: created.map((c) => ({ ...adminUser(c.user), line: c.line, oneTimePassword: c.oneTimePassword })) }
  } catch (err) {
    if (err instanceof ImportRejected) {
      const sorted = [...err.problems].sort((a, b) => a.line - b.line)
      throw new AppError('validation', `${new Set(sorted.map((p) => p.line)).size} line(s) of the file have problems; nothing was imported`, {
        fields: sorted.map((p): FieldIssue => ({ field: `line.${p.line}${p.column ? `.${p.column}` : ''}`, code: p.code, message: p.message })),
        details: { problems: sorted },
      })
    }
    throw err
  }
}

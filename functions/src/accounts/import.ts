/*
 * Bulk account import from CSV or XLSX (bounded reading: import-file.ts). Everything is checked before anything is
 * written, and every problem of every row is reported with its line number (the spreadsheet's row number; line 1 is
 * the header). Only a file without problems becomes a job (import-job.ts): its accounts are created inactive, then
 * activated once all exist; a crash resumes, a repeat changes nothing, and the finished job shows each account's
 * one-time password until the administrator confirms they have them.
 */
import { AppError, type FieldIssue } from '../../../shared/errors'
import { assertAdmin } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { OrgUnit, Role, Store } from '../storage/store'
import { roleUnitProblem, USERNAME_PATTERN } from './service'
import { advanceJob, importBudgetMs, importJobId, jobRows, newJob, viewJob, type ImportJobView } from './import-job'
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

/**
 * Starts (or resumes, or repeats nothing of) the import of this file: checks it whole the first time, then works on
 * its job until done or out of time (import-job.ts). `secret` derives the one-time passwords.
 */
export async function importUsers(store: Store, who: Principal, bytes: Uint8Array, now: Date, secret: string): Promise<{ view: ImportJobView; finished: boolean }> {
  const province = await assertAdmin(store, who)
  const deadline = Date.now() + importBudgetMs()
  const id = importJobId(province.id, bytes)
  const existing = await store.importJobs.get(province.id, id)
  if (existing && existing.status !== 'rolled_back') {
    // The same file again: resume it where it stopped, or, if it is done, change nothing.
    const wasDone = existing.status === 'done'
    const job = await advanceJob(store, existing, secret, deadline)
    return { view: await viewJob(store, job, secret, { alreadyImported: wasDone }), finished: job.status === 'done' }
  }
  const candidates = await checkFile(store, province, bytes)
  const job = await store.importJobs.create(newJob(id, province.id, who.id, candidates.length, now), jobRows(id, candidates))
  const advanced = await advanceJob(store, job, secret, deadline)
  return { view: await viewJob(store, advanced, secret), finished: advanced.status === 'done' }
}

/** Continues a job of the caller's province (after a 202, a timeout or a crash). */
export async function continueImport(store: Store, who: Principal, id: string, secret: string): Promise<{ view: ImportJobView; finished: boolean }> {
  const province = await assertAdmin(store, who)
  const job = await store.importJobs.get(province.id, id)
  if (!job) throw new AppError('not_found', `No import job "${id}"`)
  const advanced = await advanceJob(store, job, secret, Date.now() + importBudgetMs())
  return { view: await viewJob(store, advanced, secret), finished: advanced.status === 'done' }
}

/** The administrator has the passwords: the job forgets how to derive them. */
export async function forgetImportPasswords(store: Store, who: Principal, id: string, secret: string): Promise<ImportJobView> {
  const province = await assertAdmin(store, who)
  const job = await store.importJobs.get(province.id, id)
  if (!job) throw new AppError('not_found', `No import job "${id}"`)
  if (job.status !== 'done') throw new AppError('conflict', 'The import is not finished; its passwords are still needed', { details: { status: job.status } })
  await store.importJobs.forgetSeed(job)
  const { seed: _seed, ...forgotten } = job
  return viewJob(store, forgotten, secret)
}

/**
 * Abandons an unfinished job: its accounts (all still inactive) are deleted, in steps like the import itself
 * (202 = continue). A job that has started activating is finished instead (continue it), never half undone.
 */
export async function rollBackImport(store: Store, who: Principal, id: string, secret: string): Promise<{ status: 200 | 202; view?: ImportJobView }> {
  const province = await assertAdmin(store, who)
  let job = await store.importJobs.get(province.id, id)
  if (!job) throw new AppError('not_found', `No import job "${id}"`)
  if (job.status === 'creating') {
    await store.importJobs.setStatus(job, 'creating', 'rolling_back')
    job = (await store.importJobs.get(province.id, id))!
  }
  if (job.status !== 'rolling_back' && job.status !== 'rolled_back')
    throw new AppError('conflict', 'Its accounts are being activated or are active: finish the import instead (…/continue)', {
      details: { status: job.status },
    })
  const advanced = await advanceJob(store, job, secret, Date.now() + importBudgetMs())
  if (advanced.status === 'rolled_back') return { status: 200 }
  return { status: 202, view: await viewJob(store, advanced, secret) }
}

type Candidate = { line: number; name: string; username: string; role: Role; unit: OrgUnit }

/** Every row checked; the accounts to create, or ImportRejected → AppError('validation') listing every problem. */
async function checkFile(store: Store, province: OrgUnit, bytes: Uint8Array): Promise<Candidate[]> {
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
    const candidates: Candidate[] = []
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
    return candidates
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

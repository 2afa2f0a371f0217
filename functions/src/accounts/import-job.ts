/*
 * An account import as a resumable, idempotent job (storage/import-jobs.ts). The file is checked whole first
 * (import.ts); then its accounts are created inactive, chunk by chunk, and only once all exist are they activated,
 * chunk by chunk. Each request does as much as fits in its time budget and answers 202 with the progress; the
 * client asks to continue (POST …/import-jobs/<id>/continue) — no background work, so it runs the same on Lambda.
 * A crash or a timeout leaves the job where it was: continuing it, or sending the same file again (same bytes, same
 * province → same job id), picks it up there. Sending the file again after it finished changes nothing.
 *
 * One-time passwords are never stored, in clear or otherwise: each is derived from the job's random seed, the
 * server's secret and the account's id, so the finished job can show them again if its answer was lost, until the
 * administrator confirms they have them (DELETE …/passwords), which drops the seed.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import { hashOneTimePassword } from '../auth/password'
import type { ImportJob, ImportJobRow } from '../storage/import-jobs'
import { IMPORT_ROWS_PER_CHUNK } from '../storage/import-jobs'
import type { OrgUnit, Store, UserRecord } from '../storage/store'
import { adminUser, type AdminUser } from './service'

/** How long one request may work on a job before answering; the deployed function's timeout is 20 s. */
export const DEFAULT_IMPORT_BUDGET_MS = 8_000
export const importBudgetMs = () => Number(process.env.XASO_IMPORT_BUDGET_MS) || DEFAULT_IMPORT_BUDGET_MS

export type ImportedUser = AdminUser & { line: number; oneTimePassword: string }

export type ImportJobView = {
  job: {
    id: string
    status: ImportJob['status']
    total: number
    /** Accounts created so far (inactive until all are). */
    created: number
    activated: number
    createdAt: string
  }
  /** Accounts this job made active: `total` once done, else 0. */
  imported: number
  /** Set when the file had been imported already: nothing was done. */
  alreadyImported?: boolean
  /** Once done, until the administrator confirms they have them: every account with its one-time password. */
  users?: ImportedUser[]
}

/** Same bytes, same province → same job: sending a file twice resumes or repeats nothing. */
export const importJobId = (provinceId: string, bytes: Uint8Array) =>
  createHash('sha256').update(provinceId).update('\0').update(bytes).digest('hex').slice(0, 32)

/** An account's id, the same whichever request writes it (two identical requests write identical rows). */
export function importedUserId(jobId: string, username: string): string {
  const h = createHash('sha256').update(`${jobId}:${username.toLowerCase()}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

// The alphabet and shape of auth/one-time.ts: 16 of 31 symbols in groups of 4.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

export function derivedOneTimePassword(secret: string, seed: string, userId: string): string {
  const chars: string[] = []
  for (let round = 0; chars.length < 16; round++) {
    const bytes = createHmac('sha256', secret).update(`import-otp:${seed}:${userId}:${round}`).digest()
    // 248 = 8 × 31: bytes above it are skipped, so every symbol is equally likely.
    for (const b of bytes) if (b < 248 && chars.length < 16) chars.push(ALPHABET[b % 31]!)
  }
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-')
}

export function newJob(id: string, provinceId: string, by: string, total: number, now: Date): ImportJob {
  return {
    id,
    provinceId,
    by,
    createdAt: now.toISOString(),
    status: 'creating',
    total,
    chunks: Math.ceil(total / IMPORT_ROWS_PER_CHUNK),
    createdChunks: 0,
    activatedChunks: 0,
    rolledBackChunks: 0,
    seed: randomBytes(32).toString('base64url'),
  }
}

export const jobRows = (jobId: string, rows: { line: number; name: string; username: string; role: ImportJobRow['role']; unit: OrgUnit }[]): ImportJobRow[] =>
  rows.map((r) => ({ line: r.line, name: r.name, username: r.username, role: r.role, orgUnitId: r.unit.id, userId: importedUserId(jobId, r.username) }))

const rowsDone = (job: ImportJob, chunks: number) => Math.min(job.total, chunks * IMPORT_ROWS_PER_CHUNK)

/**
 * Moves the job on until it is finished or `deadline` (ms since epoch) has passed, one chunk at a time, each
 * chunk's progress recorded before the next starts. Returns the job as stored afterwards.
 */
export async function advanceJob(store: Store, job: ImportJob, secret: string, deadline: number): Promise<ImportJob> {
  const jobs = store.importJobs
  let current = job
  const reload = async () => (current = (await jobs.get(job.provinceId, job.id)) ?? current)
  const timeLeft = () => Date.now() < deadline

  // At least one step per request, however little time is left: every continue makes progress.
  for (let first = true; first || timeLeft(); first = false) {
    if (current.status === 'creating') {
      if (current.createdChunks >= current.chunks) {
        await jobs.setStatus(current, 'creating', 'activating')
        await reload()
        continue
      }
      const chunk = current.createdChunks
      const rows = await jobs.rows(current, chunk)
      const users: UserRecord[] = rows.map((r) => ({
        id: r.userId,
        username: r.username,
        name: r.name,
        role: r.role,
        orgUnitId: r.orgUnitId,
        passwordHash: hashOneTimePassword(derivedOneTimePassword(secret, current.seed ?? '', r.userId)),
        active: false,
        mustChangePassword: true,
        createdAt: current.createdAt,
      }))
      const { taken } = await jobs.putUsers(current.id, users)
      if (taken.length > 0) {
        const row = rows.find((r) => r.username === taken[0])!
        await jobs.setStatus(current, 'creating', 'rolling_back', { failure: { line: row.line, username: row.username } })
      } else await jobs.progress(current, 'createdChunks', chunk + 1)
      await reload()
    } else if (current.status === 'activating') {
      if (current.activatedChunks >= current.chunks) {
        await jobs.setStatus(current, 'activating', 'done')
        await reload()
        continue
      }
      const chunk = current.activatedChunks
      const rows = await jobs.rows(current, chunk)
      await jobs.activate(current.id, rows.map((r) => r.username))
      await jobs.progress(current, 'activatedChunks', chunk + 1)
      await reload()
    } else if (current.status === 'rolling_back') {
      // Chunks up to the one that failed may hold this job's (inactive) accounts.
      const last = Math.min(current.createdChunks, current.chunks - 1)
      if (current.rolledBackChunks > last) {
        await jobs.setStatus(current, 'rolling_back', 'rolled_back', { removeSeed: true })
        await reload()
        continue
      }
      const chunk = current.rolledBackChunks
      await jobs.deleteUsers(current.id, await jobs.rows(current, chunk))
      await jobs.progress(current, 'rolledBackChunks', chunk + 1)
      await reload()
    } else break
  }
  return current
}

/** What the API answers about a job; a rolled-back one is the conflict that caused it. */
export async function viewJob(store: Store, job: ImportJob, secret: string, opts: { alreadyImported?: boolean } = {}): Promise<ImportJobView> {
  if (job.status === 'rolled_back') {
    const f = job.failure
    const message = f
      ? `Username "${f.username}" (line ${f.line}) was taken while the file was being imported; nothing was imported`
      : 'The import was rolled back; nothing was imported'
    throw new AppError('conflict', message, {
      ...(f
        ? {
            fields: [
              {
                field: `line.${f.line}.username`,
                code: 'username_taken',
                message: { vi: `Tên đăng nhập "${f.username}" vừa có người dùng trong lúc nhập; không tài khoản nào được tạo`, en: message },
              },
            ],
          }
        : {}),
      details: { job: { id: job.id, status: job.status } },
    })
  }
  const view: ImportJobView = {
    job: {
      id: job.id,
      status: job.status,
      total: job.total,
      created: rowsDone(job, job.createdChunks),
      activated: rowsDone(job, job.activatedChunks),
      createdAt: job.createdAt,
    },
    imported: job.status === 'done' ? job.total : 0,
    ...(opts.alreadyImported ? { alreadyImported: true } : {}),
  }
  if (job.status === 'done' && job.seed) {
    const users: ImportedUser[] = []
    for (let chunk = 0; chunk < job.chunks; chunk++) {
      for (const r of await store.importJobs.rows(job, chunk)) {
        const record: UserRecord = { id: r.userId, username: r.username, name: r.name, role: r.role, orgUnitId: r.orgUnitId, passwordHash: '', active: true, mustChangePassword: true, createdAt: job.createdAt }
        users.push({ ...adminUser(record), line: r.line, oneTimePassword: derivedOneTimePassword(secret, job.seed, r.userId) })
      }
    }
    view.users = users
  }
  return view
}

import { createSignal } from 'solid-js'
import type { Localized } from '../../../shared/i18n'
import { ApiError } from '../api/client'
import { db, askPersistentStorage, type UploadRecord } from '../offline/db'
import { backoffMs } from '../offline/sync-state'
import { withoutBidiControls } from '../../../shared/evidence'
import { evidenceApi, putBytes } from './api'
import { sha256Hex } from './sha256'

/*
 * Evidence uploads, queued in IndexedDB with the (already re-encoded) bytes: declare → PUT the bytes → confirm,
 * each step resumed where it stopped after a failure, a reload or a restart, with exponential backoff, at once
 * on `online` and when the app comes back to the foreground. One upload at a time (3G), entirely apart from the
 * answers' outbox: a slow photo never holds back a saved figure.
 */

export type QueuedUpload = Omit<UploadRecord, 'error'> & {
  /** SHA-256 (hex) of `blob`, computed once before declaring: the upload URL is bound to it. */
  sha256?: string
  error?: { kind: 'offline' | 'server' | 'refused' | 'auth'; message?: Localized; status?: number }
  progress?: number
  active?: boolean
}

const [items, setItems] = createSignal<QueuedUpload[]>([])
export { items as queuedUploads }
/** Bumped when a file reached the server, so lists refetch. */
const [landed, setLanded] = createSignal(0)
export { landed }

let started = false
let running = false
let timer: ReturnType<typeof setTimeout> | undefined
/** Thumbnails of files uploaded from this device, by evidence id (object URLs). */
const thumbs = new Map<string, string>()

function update(id: string, patch: Partial<QueuedUpload>) {
  setItems((list) => list.map((i) => (i.id === id ? { ...i, ...patch } : i)))
}

async function save(rec: QueuedUpload) {
  const { progress: _p, active: _a, error, ...stored } = rec
  const d = await db()
  await d?.put('uploads', { ...stored, ...(error ? { error: JSON.stringify(error) } : {}) })
}

/** Loads what earlier visits left in the queue and starts sending it. Safe to call more than once. */
export async function startQueue() {
  if (started) return
  started = true
  window.addEventListener('online', () => sendNow())
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && sendNow())
  const d = await db()
  let list: QueuedUpload[] = []
  try {
    const raw = ((await d?.getAll('uploads')) ?? []) as unknown[]
    for (const r of raw) {
      const u = r as Partial<UploadRecord> | null
      if (u && typeof u.id === 'string' && u.blob instanceof Blob && typeof u.communeId === 'string' && typeof u.indicatorId === 'string') {
        let error: QueuedUpload['error']
        try {
          error = u.error ? (JSON.parse(u.error) as QueuedUpload['error']) : undefined
        } catch {
          error = undefined
        }
        list.push({ ...(u as UploadRecord), error })
      } else if (u && typeof u.id === 'string') {
        // Unreadable: moved aside so it does not block the queue (the outbox reports its own; this one is logged).
        console.warn('evidence queue: unreadable record skipped', u.id)
        await d?.delete('uploads', u.id).catch(() => undefined)
        await d?.add('quarantine', { store: 'uploads', key: u.id, raw: String(u.filename ?? ''), at: Date.now() }).catch(() => undefined)
      }
    }
  } catch (e) {
    console.warn('evidence queue unreadable', e)
  }
  list = list.sort((a, b) => a.at - b.at)
  setItems((cur) => [...list.filter((l) => !cur.some((c) => c.id === l.id)), ...cur])
  void run()
}

export async function enqueue(file: { communeId: string; year: number; indicatorId: string; filename: string; contentType: string; blob: Blob; thumb?: Blob }) {
  askPersistentStorage()
  const rec: QueuedUpload = {
    id: crypto.randomUUID(),
    ...file,
    // Shown in the queue before the server has it: the same name the server will store.
    filename: withoutBidiControls(file.filename),
    size: file.blob.size,
    step: 'create',
    attempts: 0,
    nextAt: 0,
    at: Date.now(),
  }
  // On the device first: the officer may close the app the moment the photo is taken.
  try {
    await save(rec)
  } catch (e) {
    console.warn('evidence queue: not stored on the device', e)
  }
  setItems((list) => [...list, rec])
  void run()
}

/** "Send now": everything waiting is tried again at once, including files the server refused for a reason time fixes. */
export function sendNow() {
  setItems((list) => list.map((i) => (i.fatal ? i : { ...i, nextAt: 0 })))
  clearTimeout(timer)
  void run()
}

/** Drops a file from the queue (and its server record if it had one). */
export async function discard(id: string) {
  const rec = items().find((i) => i.id === id)
  setItems((list) => list.filter((i) => i.id !== id))
  const d = await db()
  await d?.delete('uploads', id).catch(() => undefined)
  if (rec?.evidenceId) await evidenceApi.remove(rec.communeId, rec.year, rec.evidenceId).catch(() => undefined)
}

export function thumbFor(evidenceId: string): string | undefined {
  return thumbs.get(evidenceId)
}

export async function loadThumb(evidenceId: string): Promise<string | undefined> {
  if (thumbs.has(evidenceId)) return thumbs.get(evidenceId)
  const d = await db()
  const r = await d?.get('thumbs', evidenceId).catch(() => undefined)
  if (!r?.blob) return undefined
  const url = URL.createObjectURL(r.blob)
  thumbs.set(evidenceId, url)
  return url
}

async function run() {
  if (running) return
  running = true
  try {
    for (;;) {
      const now = Date.now()
      const next = items().find((i) => !i.fatal && i.nextAt <= now)
      if (!next) break
      await step(next)
    }
  } finally {
    running = false
  }
  const waiting = items().filter((i) => !i.fatal)
  if (waiting.length) {
    clearTimeout(timer)
    timer = setTimeout(() => void run(), Math.max(500, Math.min(...waiting.map((i) => i.nextAt)) - Date.now()))
  }
}

async function step(rec: QueuedUpload) {
  const id = rec.id
  update(id, { active: true, error: undefined })
  let cur: QueuedUpload = { ...rec }
  /**
   * A file declared by an older version of the app (no SHA-256): the server cannot bind a URL to it. Its record is
   * dropped and the file declared again from the bytes kept on the device, on the next turn of the queue.
   */
  const redeclared = async (e: unknown): Promise<boolean> => {
    if (!(e instanceof ApiError && e.status === 409 && e.details.reason === 'redeclare')) return false
    const old = cur.evidenceId
    const { evidenceId: _e, upload: _u, ...rest } = cur
    cur = { ...rest, step: 'create', attempts: 0, nextAt: 0 }
    await save(cur)
    update(id, { ...cur, evidenceId: undefined, upload: undefined, active: false })
    if (old) await evidenceApi.remove(cur.communeId, cur.year, old).catch(() => undefined)
    return true
  }
  try {
    if (cur.step === 'create') {
      if (!cur.sha256) {
        cur = { ...cur, sha256: await sha256Hex(cur.blob) }
        await save(cur)
      }
      const res = await evidenceApi.declare(cur.communeId, cur.year, {
        indicatorId: cur.indicatorId,
        filename: cur.filename,
        contentType: cur.contentType,
        size: cur.size,
        sha256: cur.sha256!,
      })
      cur = { ...cur, evidenceId: res.evidence.id, upload: res.upload, step: 'put' }
      await save(cur)
      update(id, cur)
    }
    if (cur.step === 'put') {
      const expired = !cur.upload || (cur.upload.expiresAt && Date.parse(cur.upload.expiresAt) - Date.now() < 60_000)
      if (expired || cur.attempts > 0) {
        // A fresh URL after an expiry or a failed PUT (an S3 URL may have expired mid-way).
        try {
          const res = await evidenceApi.renew(cur.communeId, cur.year, cur.evidenceId!)
          cur = { ...cur, upload: res.upload }
        } catch (e) {
          if (await redeclared(e)) return
          // Already stored (the PUT got through, only its answer was lost): just confirm it.
          if (!(e instanceof ApiError && e.status === 409 && e.details.status === 'stored')) throw e
          cur = { ...cur, step: 'complete' }
        }
      }
      if (cur.step === 'put') {
        try {
          await putBytes(cur.upload!, cur.blob, (p) => update(id, { progress: p }))
        } catch (e) {
          // 412: the URL creates its object once, and it exists: an earlier PUT got through, only its answer was
          // lost (the URL accepts no other bytes than these). Confirming tells.
          if (!(e instanceof ApiError && e.status === 412)) throw e
        }
      }
      cur = { ...cur, step: 'complete' }
      await save(cur)
      update(id, cur)
    }
    if (cur.step === 'complete') {
      try {
        await evidenceApi.complete(cur.communeId, cur.year, cur.evidenceId!)
      } catch (e) {
        if (await redeclared(e)) return
        // The store does not have the bytes (or not the declared ones): upload them again.
        if (e instanceof ApiError && e.status === 409 && (e.details.reason === 'not_uploaded' || e.details.reason === 'mismatch')) {
          cur = { ...cur, step: 'put' }
          await save(cur)
        }
        throw e
      }
      const d = await db()
      if (cur.thumb && d) await d.put('thumbs', { id: cur.evidenceId!, blob: cur.thumb }).catch(() => undefined)
      if (cur.thumb) thumbs.set(cur.evidenceId!, URL.createObjectURL(cur.thumb))
      await d?.delete('uploads', id).catch(() => undefined)
      setItems((list) => list.filter((i) => i.id !== id))
      setLanded((n) => n + 1)
    }
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e))
    const attempts = cur.attempts + 1
    // Refusals that retrying cannot fix (type, size, not editable any more, gone): shown, kept until removed.
    const fatal = (err.status >= 400 && err.status < 500 && ![401, 408, 409, 429].includes(err.status)) || err.code === 'not_editable'
    const error: QueuedUpload['error'] =
      err.status === 0
        ? { kind: 'offline' }
        : err.status === 401
          ? { kind: 'auth' }
          : fatal
            ? { kind: 'refused', status: err.status, ...(err.fields[0] ? { message: err.fields[0].message } : {}) }
            : { kind: 'server', status: err.status }
    cur = { ...cur, attempts, nextAt: Date.now() + backoffMs(attempts - 1), fatal, error }
    await save(cur).catch(() => undefined)
    update(id, { ...cur, active: false, progress: undefined })
  }
}

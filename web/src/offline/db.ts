import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { Assessment } from '../../../shared/assessment'

/*
 * The device's own copy of everything the officer must not lose, in IndexedDB (survives reloads, restarts and
 * "clear cache"; `navigator.storage.persist()` asks the browser not to evict it under storage pressure):
 *   outbox      one record per unsent field edit: [communeId, year, key] → value + the server value it was based on
 *   snapshots   the last server copy of each assessment seen here (opening the page offline starts from it)
 *   uploads     evidence files waiting to be uploaded (the re-encoded bytes themselves), see evidence/queue.ts
 *   thumbs      small previews of this device's uploaded photos, by evidence id
 *   quarantine  records that could not be read (corrupted): moved aside, reported once, never sent
 */

export type OutboxRecord = {
  communeId: string
  year: number
  key: string
  value: unknown
  base: unknown
  /** ms since epoch of the last edit */
  at: number
}

export type SnapshotRecord = { communeId: string; year: number; assessment: Assessment; at: number }

export type UploadRecord = {
  id: string
  communeId: string
  year: number
  indicatorId: string
  filename: string
  contentType: string
  blob: Blob
  size: number
  /** Set once the server has registered the file (POST …/evidence). */
  evidenceId?: string
  upload?: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt?: string }
  /** 'put' = bytes not yet accepted; 'complete' = bytes uploaded, …/complete not yet acknowledged */
  step: 'create' | 'put' | 'complete'
  attempts: number
  nextAt: number
  error?: string
  /** A 4xx that retrying will not fix: kept for the officer to see and remove. */
  fatal?: boolean
  thumb?: Blob
  at: number
}

export type QuarantineRecord = { id?: number; store: string; key: string; raw: unknown; at: number }

interface XasoDB extends DBSchema {
  outbox: { key: [string, number, string]; value: OutboxRecord; indexes: { byAssessment: [string, number] } }
  snapshots: { key: [string, number]; value: SnapshotRecord }
  uploads: { key: string; value: UploadRecord; indexes: { byAssessment: [string, number] } }
  thumbs: { key: string; value: { id: string; blob: Blob } }
  quarantine: { key: number; value: QuarantineRecord }
}

export type Db = IDBPDatabase<XasoDB>

let opening: Promise<Db | undefined> | undefined

/** The database, or undefined when IndexedDB is unavailable (blocked, private mode): callers fall back. */
export function db(): Promise<Db | undefined> {
  opening ??= openDB<XasoDB>('xaso', 1, {
    upgrade(d) {
      d.createObjectStore('outbox', { keyPath: ['communeId', 'year', 'key'] }).createIndex('byAssessment', ['communeId', 'year'])
      d.createObjectStore('snapshots', { keyPath: ['communeId', 'year'] })
      d.createObjectStore('uploads', { keyPath: 'id' }).createIndex('byAssessment', ['communeId', 'year'])
      d.createObjectStore('thumbs', { keyPath: 'id' })
      d.createObjectStore('quarantine', { keyPath: 'id', autoIncrement: true })
    },
  }).catch((e: unknown) => {
    console.warn('IndexedDB unavailable', e)
    return undefined
  })
  return opening
}

let persistAsked = false
/** Ask once per visit that the browser keep our storage under pressure (Chrome grants it to installed apps). */
export function askPersistentStorage() {
  if (persistAsked) return
  persistAsked = true
  void navigator.storage?.persist?.().catch(() => false)
}

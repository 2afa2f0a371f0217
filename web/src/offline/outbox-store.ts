import type { Assessment } from '../../../shared/assessment'
import type { Outbox, OutboxEntry } from '../assessment/outbox'
import type { FieldKey, FieldValue } from '../assessment/values'
import { askPersistentStorage, db, type OutboxRecord } from './db'
import { isRosterValue } from '../roster/fields'

/*
 * The IndexedDB outbox behind assessment/draft.ts: one record per unsent field, written before any request is
 * made and deleted only once the server acknowledged that exact value. Unreadable records are moved to
 * `quarantine` and reported (by key) instead of breaking the page; a device without IndexedDB falls back to
 * the older localStorage outbox, which is also migrated here on first load.
 */

const LEGACY_PREFIX = 'xaso:outbox:'
const legacyKey = (communeId: string, year: number) => `${LEGACY_PREFIX}${communeId}:${year}`

const isWhole = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0
const ANSWER_FIELDS: Record<string, (v: unknown) => boolean> = {
  numerator: isWhole,
  denominator: isWhole,
  count: isWhole,
  yes: (v) => typeof v === 'boolean',
  choice: (v) => typeof v === 'string' && v.length > 0 && v.length <= 64,
  note: (v) => typeof v === 'string' && v.length <= 2000,
  noAnswer: (v) => v === true,
}

/** Whether `value` is something the form can hold for `key` (a whole number for a fact, an answer object). */
export function isFieldValue(key: string, value: unknown): value is FieldValue {
  if (key.startsWith('roster.')) return isRosterValue(key.slice('roster.'.length), value)
  if (value === null) return true
  if (key.startsWith('profile.')) return isWhole(value)
  if (!key.startsWith('answers.') || typeof value !== 'object' || Array.isArray(value)) return false
  const entries = Object.entries(value as Record<string, unknown>)
  return entries.length > 0 && entries.every(([k, v]) => ANSWER_FIELDS[k]?.(v) === true)
}

const validKey = (k: unknown): k is FieldKey => typeof k === 'string' && /^(profile|answers|roster)\.[^.]/.test(k) && k.length <= 120

export type LoadedOutbox = {
  /** undefined when nothing was waiting */
  outbox?: Outbox
  /** Fields whose stored record was unreadable (moved aside, not sent). */
  corrupt: string[]
  /** false when IndexedDB could not be used at all (edits then live in localStorage). */
  durable: boolean
  /** The server could not be reached: the page started from the copy kept on this device (offline/load.ts). */
  fromDevice?: boolean
}

function readLegacy(communeId: string, year: number): Outbox | undefined {
  try {
    const raw = localStorage.getItem(legacyKey(communeId, year))
    if (!raw) return undefined
    const parsed = JSON.parse(raw) as Outbox
    if (typeof parsed.baseVersion !== 'number' || typeof parsed.changes !== 'object' || !parsed.changes) return undefined
    return parsed
  } catch {
    return undefined
  }
}

/** The unsent edits of one assessment: IndexedDB records plus any left in the old localStorage outbox. */
export async function loadOutbox(communeId: string, year: number, baseVersion: number): Promise<LoadedOutbox> {
  askPersistentStorage()
  const legacy = readLegacy(communeId, year)
  const d = await db()
  if (!d) return { corrupt: [], durable: false, ...(legacy ? { outbox: legacy } : {}) }
  const changes: Outbox['changes'] = {}
  const corrupt: string[] = []
  let records: unknown[] = []
  try {
    records = await d.getAll('outbox', IDBKeyRange.bound([communeId, year, ''], [communeId, year, '\uffff']))
  } catch (e) {
    console.warn('outbox read failed', e)
  }
  const bad: { key: string; raw: unknown }[] = []
  for (const raw of records) {
    const r = raw as Partial<OutboxRecord> | null
    const key = r && typeof r === 'object' ? r.key : undefined
    if (r && validKey(key) && isFieldValue(key, r.value) && isFieldValue(key, r.base ?? null))
      changes[key] = { value: r.value as FieldValue, base: (r.base ?? null) as FieldValue }
    else bad.push({ key: typeof key === 'string' ? key : '?', raw })
  }
  // Migrate the localStorage outbox of earlier versions: an entry not in IndexedDB yet is taken over.
  let migrated = false
  if (legacy) {
    for (const [key, e] of Object.entries(legacy.changes) as [FieldKey, OutboxEntry][])
      if (!changes[key] && validKey(key) && isFieldValue(key, e.value) && isFieldValue(key, e.base ?? null)) {
        changes[key] = { value: e.value, base: e.base ?? null }
        migrated = true
      }
  }
  try {
    const tx = d.transaction(['outbox', 'quarantine'], 'readwrite')
    for (const b of bad) {
      void tx.objectStore('quarantine').add({ store: 'outbox', key: b.key, raw: safeClone(b.raw), at: Date.now() })
      if (b.raw && typeof b.raw === 'object' && 'key' in b.raw && typeof (b.raw as { key: unknown }).key === 'string')
        void tx.objectStore('outbox').delete([communeId, year, (b.raw as { key: string }).key])
      corrupt.push(b.key)
    }
    if (migrated)
      for (const [key, e] of Object.entries(changes) as [FieldKey, OutboxEntry][])
        void tx.objectStore('outbox').put({ communeId, year, key, value: e.value, base: e.base, at: Date.now() })
    await tx.done
    if (legacy) localStorage.removeItem(legacyKey(communeId, year))
  } catch (e) {
    console.warn('outbox repair failed', e)
  }
  // A record whose key itself is unreadable cannot be deleted by key above: drop by cursor.
  if (bad.some((b) => b.key === '?')) await dropUnkeyed(communeId, year)
  const n = Object.keys(changes).length
  return { corrupt, durable: true, ...(n ? { outbox: { baseVersion, changes } } : {}) }
}

async function dropUnkeyed(communeId: string, year: number) {
  const d = await db()
  if (!d) return
  try {
    const tx = d.transaction('outbox', 'readwrite')
    let cursor = await tx.store.openCursor(IDBKeyRange.bound([communeId, year, ''], [communeId, year, '\uffff']))
    while (cursor) {
      const v = cursor.value as Partial<OutboxRecord> | null
      if (!v || typeof v !== 'object' || !validKey(v.key)) await cursor.delete()
      cursor = await cursor.continue()
    }
    await tx.done
  } catch {
    /* reported already; nothing more to do */
  }
}

function safeClone(raw: unknown): unknown {
  try {
    return structuredClone(raw)
  } catch {
    return String(raw)
  }
}

/**
 * Writes the changed fields of the outbox (put what is there, delete what is gone). Serialised: the returned
 * promise settles once this and every earlier write are committed, so a request sent after it is never ahead
 * of the device copy.
 */
let chain: Promise<unknown> = Promise.resolve()
export function saveOutbox(communeId: string, year: number, outbox: Outbox, touched: Iterable<FieldKey>): Promise<void> {
  const keys = [...touched]
  const snapshot = keys.map((key) => [key, outbox.changes[key] ? { ...outbox.changes[key] } : undefined] as const)
  const write = chain.then(async () => {
    const d = await db()
    if (!d) return writeLegacy(communeId, year, outbox)
    try {
      const tx = d.transaction('outbox', 'readwrite')
      for (const [key, e] of snapshot)
        if (e) void tx.store.put({ communeId, year, key, value: e.value, base: e.base, at: Date.now() })
        else void tx.store.delete([communeId, year, key])
      await tx.done
    } catch (e) {
      // Quota or a broken database: keep a copy where we still can.
      console.warn('outbox write failed', e)
      writeLegacy(communeId, year, outbox)
    }
  })
  chain = write.catch(() => undefined)
  return write
}

function writeLegacy(communeId: string, year: number, outbox: Outbox) {
  try {
    if (Object.keys(outbox.changes).length === 0) localStorage.removeItem(legacyKey(communeId, year))
    else localStorage.setItem(legacyKey(communeId, year), JSON.stringify(outbox))
  } catch {
    /* storage full or blocked: the edit is still in memory and will be sent */
  }
}

/** The last server copy seen on this device, so the page opens offline with what the server had. */
export async function saveSnapshot(assessment: Assessment) {
  const d = await db()
  try {
    await d?.put('snapshots', { communeId: assessment.communeId, year: assessment.year, assessment, at: Date.now() })
  } catch {
    /* a cache only */
  }
}

export async function loadSnapshot(communeId: string, year: number): Promise<Assessment | undefined> {
  const d = await db()
  try {
    const r = await d?.get('snapshots', [communeId, year])
    const a = r?.assessment
    return a && typeof a === 'object' && typeof a.version === 'number' && a.profile && a.answers ? a : undefined
  } catch {
    return undefined
  }
}

/** One unsent edit kept on this device for an assessment (for another commune's form: see assessment/unsent-elsewhere.tsx). */
export type UnsentEdit = { key: FieldKey; value: FieldValue; at: number }

/**
 * The unsent edits this device holds for one assessment, read only: what the form of a commune merged away (or an
 * account moved elsewhere) left here, which that form can no longer send. Unreadable records are left alone; the
 * commune's own form, if ever opened, quarantines them.
 */
export async function unsentEdits(communeId: string, year: number): Promise<UnsentEdit[]> {
  const found = await readUnsent(IDBKeyRange.bound([communeId, year, ''], [communeId, year, '\uffff']), legacyKey(communeId, year))
  return found[0]?.edits ?? []
}

/** Every unsent edit on this device, by assessment (the login page's file of them: offline/unsent-file.ts). */
export async function allUnsentEdits(): Promise<UnsentAssessment[]> {
  return readUnsent(undefined, undefined)
}

export type UnsentAssessment = { communeId: string; year: number; edits: UnsentEdit[] }

/** IndexedDB records in `range` (all when undefined) and the legacy outbox under `legacy` (all when undefined). */
async function readUnsent(range: IDBKeyRange | undefined, legacy: string | undefined): Promise<UnsentAssessment[]> {
  const groups = new Map<string, UnsentAssessment>()
  const group = (communeId: string, year: number) => {
    const id = JSON.stringify([communeId, year])
    let g = groups.get(id)
    if (!g) groups.set(id, (g = { communeId, year, edits: [] }))
    return g
  }
  const d = await db()
  if (d) {
    try {
      const records = (await d.getAll('outbox', range)) as Partial<OutboxRecord>[]
      for (const r of records)
        if (r && typeof r.communeId === 'string' && typeof r.year === 'number' && validKey(r.key) && isFieldValue(r.key, r.value))
          group(r.communeId, r.year).edits.push({ key: r.key, value: r.value as FieldValue, at: typeof r.at === 'number' ? r.at : 0 })
    } catch (e) {
      console.warn('outbox read failed', e)
    }
  }
  for (const key of legacyKeys(legacy)) {
    const m = /^(.+):(\d{4})$/.exec(key.slice(LEGACY_PREFIX.length))
    const outbox = m ? readLegacy(m[1]!, Number(m[2])) : undefined
    if (!m || !outbox) continue
    const g = group(m[1]!, Number(m[2]))
    for (const [field, e] of Object.entries(outbox.changes) as [FieldKey, OutboxEntry][])
      if (!g.edits.some((u) => u.key === field) && validKey(field) && isFieldValue(field, e.value)) g.edits.push({ key: field, value: e.value, at: 0 })
  }
  return [...groups.values()].filter((g) => g.edits.length > 0)
}

/** The legacy outbox keys present: `only` if it is there, or every one when `only` is undefined. */
function legacyKeys(only: string | undefined): string[] {
  try {
    if (only !== undefined) return localStorage.getItem(only) === null ? [] : [only]
    const keys: string[] = []
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (key?.startsWith(LEGACY_PREFIX)) keys.push(key)
    }
    return keys
  } catch {
    return [] // storage blocked
  }
}

/** Forgets every unsent edit of one assessment on this device (the officer has read them and decided). */
export async function forgetUnsentEdits(communeId: string, year: number): Promise<void> {
  const d = await db()
  if (d) {
    const tx = d.transaction('outbox', 'readwrite')
    let cursor = await tx.store.openCursor(IDBKeyRange.bound([communeId, year, ''], [communeId, year, '\uffff']))
    while (cursor) {
      await cursor.delete()
      cursor = await cursor.continue()
    }
    await tx.done
  }
  try {
    localStorage.removeItem(legacyKey(communeId, year))
  } catch {
    /* nothing kept there */
  }
}

/** How many unsent edits this device holds, every form together (the login page says so: they wait for a login). */
export async function unsentCount(): Promise<number> {
  let n = 0
  const d = await db()
  if (d) {
    try {
      n += await d.count('outbox')
    } catch {
      /* unreadable: the form reports it when opened */
    }
  }
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (!key?.startsWith(LEGACY_PREFIX)) continue
      const parsed = JSON.parse(localStorage.getItem(key) ?? '{}') as { changes?: Record<string, unknown> }
      n += Object.keys(parsed.changes ?? {}).length
    }
  } catch {
    /* storage blocked */
  }
  return n
}

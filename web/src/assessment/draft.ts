import { batch, createEffect, createSignal, onCleanup } from 'solid-js'
import { mergePatch, type Answer, type Assessment, type AssessmentPatch } from '../../../shared/assessment'
import type { FieldIssue } from '../../../shared/errors'
import { api, ApiError } from '../api/client'
import { saveOutbox, saveSnapshot, type LoadedOutbox } from '../offline/outbox-store'
import { backoffMs, failureOf, type SendFailure } from '../offline/sync-state'
import type { Outbox } from './outbox'
import { sameValue, splitKey, valueAt, withValue, type FieldKey, type FieldValue, type Values } from './values'

export type SaveStatus = 'saved' | 'saving' | 'failed' | 'offline' | 'rejected'
export type FieldSync = { phase: 'none' | 'server' | 'local' | 'sending' } | { phase: 'failed'; reason: SendFailure }
export type ConflictItem = { key: FieldKey; theirs: FieldValue; yours: FieldValue }
export type Conflict = { version: number; items: ConflictItem[] }

/** docs/REVIEW.md: an officer edits a draft, and a returned assessment before resubmitting it. */
export const officerEditable = (status: string) => status === 'draft' || status === 'returned'

const DEBOUNCE_MS = 800

/**
 * The officer's working copy of one assessment and its autosave.
 * Edits change `values` at once (the score is recomputed from it), land in the localStorage outbox
 * synchronously, and are PATCHed (only the changed fields, with the version they were based on) after
 * a short pause. A version conflict is never resolved silently: fields changed both here and elsewhere
 * are put in `conflict` for the officer to decide.
 */
export function createDraft(opts: {
  communeId: string
  year: number
  assessment: Assessment
  editable: boolean
  /** Whether the server would accept this field as it stands (same shared validators); others wait locally. */
  acceptable: (key: FieldKey, values: Values) => boolean
  /** What the device still held from earlier visits (offline/outbox-store.ts loadOutbox). */
  saved?: LoadedOutbox
}) {
  const { communeId, year } = opts
  const [server, setServer] = createSignal<Assessment>(opts.assessment)
  const [values, setValues] = createSignal<Values>({ profile: opts.assessment.profile, answers: opts.assessment.answers })
  const [status, setStatus] = createSignal<SaveStatus>('saved')
  const [conflict, setConflict] = createSignal<Conflict>()
  const [rejected, setRejected] = createSignal<FieldIssue[]>([])
  const [editable, setEditable] = createSignal(opts.editable && officerEditable(opts.assessment.status))
  const [restored, setRestored] = createSignal(0)
  const [pendingCount, setPendingCount] = createSignal(0)
  // Fields kept in the outbox because they are invalid right now (e.g. a numerator above its denominator).
  const [waiting, setWaiting] = createSignal(0)

  let outbox: Outbox = { baseVersion: opts.assessment.version, changes: {} }
  let held = new Set<FieldKey>() // refused by the server; retried after the next edit
  // Per-field sync state (offline/field-sync.tsx): which fields are in the request now, why the last one failed.
  const [sending, setSending] = createSignal<ReadonlySet<FieldKey>>(new Set())
  const [failure, setFailure] = createSignal<SendFailure>()
  const [tick, setTick] = createSignal(0)
  let written: Promise<void> = Promise.resolve()
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: Promise<void> | undefined
  let again = false
  let failures = 0
  let disposed = false

  // IndexedDB first: a request is only made once the device copy of what it carries is committed.
  let stored = new Set<FieldKey>(Object.keys(opts.saved?.outbox?.changes ?? {}) as FieldKey[]) // keys in IndexedDB
  const persist = (touched?: FieldKey[]) => {
    const current = Object.keys(outbox.changes) as FieldKey[]
    written = saveOutbox(communeId, year, outbox, touched ?? new Set([...stored, ...current]))
    stored = new Set(current)
    setPendingCount(Object.keys(outbox.changes).length)
    setTick((n) => n + 1)
  }

  const schedule = (ms = DEBOUNCE_MS) => {
    clearTimeout(timer)
    timer = setTimeout(() => void flush(), ms)
  }

  function set(key: FieldKey, value: FieldValue) {
    if (!editable()) return
    const entry = outbox.changes[key]
    const serverValue = valueAt(server(), key)
    if (entry) entry.value = value
    else outbox.changes[key] = { value, base: serverValue }
    // Typed back to what the server has: nothing to send for this field.
    if (sameValue(value, outbox.changes[key]!.base) && sameValue(value, serverValue)) delete outbox.changes[key]
    persist([key])
    held = new Set() // a new edit may have fixed what the server refused (e.g. a denominator)
    batch(() => {
      setValues((v) => withValue(v, key, value))
      setRejected((r) => r.filter((i) => !i.field.startsWith(key)))
      if (status() !== 'failed' && status() !== 'offline') setStatus('saving')
    })
    schedule()
  }

  function sendable(): [FieldKey, FieldValue][] {
    const v = values()
    const all = Object.entries(outbox.changes) as [FieldKey, { value: FieldValue }][]
    const ready = all.filter(([key, e]) => !held.has(key) && (e.value === null || opts.acceptable(key, v)))
    setWaiting(all.length - ready.length)
    return ready.map(([key, e]) => [key, e.value])
  }

  const idleStatus = (): SaveStatus => (held.size || waiting() ? 'rejected' : 'saved')

  function flush(): Promise<void> {
    clearTimeout(timer)
    if (inFlight) {
      again = true
      return inFlight
    }
    if (disposed || conflict() || !editable()) return Promise.resolve()
    const entries = sendable()
    if (entries.length === 0) {
      setStatus(idleStatus())
      return Promise.resolve()
    }
    const patch: AssessmentPatch = { version: outbox.baseVersion }
    for (const [key, value] of entries) {
      const { kind, id } = splitKey(key)
      if (kind === 'profile') (patch.profile ??= {})[id] = value as number | null
      else (patch.answers ??= {})[id] = value as Answer | null
    }
    setStatus('saving')
    setSending(new Set(entries.map(([k]) => k)))
    inFlight = written
      .then(() => api.patch(communeId, year, patch))
      .then((res) => {
        failures = 0
        setFailure(undefined)
        // The save answers {version, summary} only (issue 8): the stored copy is ours with the patch applied.
        acknowledge(entries, { ...server(), ...mergePatch(server(), patch), version: res.version })
      })
      .catch((e: unknown) => {
        setFailure(failureOf(e))
        return onSaveError(e, entries)
      })
      .finally(() => {
        inFlight = undefined
        setSending(new Set<FieldKey>())
        if (disposed) return
        if (again || (status() === 'saving' && sendable().length)) {
          again = false
          schedule(0)
        } else if (status() === 'saving') setStatus(idleStatus())
      })
    return inFlight
  }

  function acknowledge(sent: [FieldKey, FieldValue][], next: Assessment) {
    setServer(next)
    outbox.baseVersion = next.version
    for (const [key, value] of sent) {
      const entry = outbox.changes[key]
      if (!entry) continue
      // Typed on while the request was in flight: keep the newer value, now based on what we sent.
      if (sameValue(entry.value, value)) delete outbox.changes[key]
      else entry.base = value
    }
    persist(sent.map(([k]) => k))
  }

  async function onSaveError(e: unknown, sent: [FieldKey, FieldValue][]) {
    const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e))
    if (err.code === 'version_conflict') {
      try {
        const fresh = await api.assessment(communeId, year)
        reconcile(fresh.assessment)
      } catch {
        setStatus('failed')
        schedule(backoffMs(failures++))
      }
      return
    }
    if (err.status === 409) {
      // Not editable any more (submitted from another device): reload the server copy read-only.
      try {
        const fresh = await api.assessment(communeId, year)
        setServer(fresh.assessment)
        setEditable(officerEditable(fresh.assessment.status) && opts.editable)
      } catch {
        /* keep showing what we have */
      }
      setStatus('failed')
      return
    }
    if (err.status === 400 || err.status === 422) {
      const refused = new Set<FieldKey>()
      for (const issue of err.fields) {
        const key = sent.find(([k]) => issue.field === k || issue.field.startsWith(`${k}.`))?.[0]
        if (key) refused.add(key)
      }
      // Without field details we cannot tell which value was refused: hold them all until the next edit.
      held = refused.size ? refused : new Set(sent.map(([k]) => k))
      setRejected(err.fields)
      setStatus('rejected')
      if (refused.size) schedule(0) // the other fields can still be saved
      return
    }
    setStatus(err.status === 0 && !navigator.onLine ? 'offline' : 'failed')
    // Retry by itself only what time can fix (no network, 5xx, throttling); 401/403 need the officer.
    if (err.status === 0 || err.status >= 500 || err.status === 429)
      schedule(backoffMs(failures++))
  }

  /** Rebase unsent edits onto a newer server copy; true conflicts go to the officer. */
  function reconcile(fresh: Assessment) {
    const items: ConflictItem[] = []
    for (const [key, entry] of Object.entries(outbox.changes) as [FieldKey, { value: FieldValue; base: FieldValue }][]) {
      const theirs = valueAt(fresh, key)
      if (sameValue(theirs, entry.value)) delete outbox.changes[key]
      else if (!sameValue(theirs, entry.base)) items.push({ key, theirs, yours: entry.value })
    }
    outbox.baseVersion = fresh.version
    persist()
    let merged: Values = { profile: fresh.profile, answers: fresh.answers }
    for (const [key, entry] of Object.entries(outbox.changes) as [FieldKey, { value: FieldValue }][])
      merged = withValue(merged, key, entry.value)
    const canEdit = opts.editable && officerEditable(fresh.status)
    batch(() => {
      setServer(fresh)
      setValues(merged)
      setEditable(canEdit)
      if (canEdit && items.length) {
        setConflict({ version: fresh.version, items })
        setStatus('failed')
      }
    })
    if (canEdit && !items.length) void flush()
  }

  /** The officer's per-field decision: 'mine' keeps the local value, 'theirs' takes the server's. */
  function resolveConflict(choices: Record<FieldKey, 'mine' | 'theirs'>) {
    const c = conflict()
    if (!c) return
    let v = values()
    for (const item of c.items) {
      const entry = outbox.changes[item.key]
      if (!entry) continue
      if (choices[item.key] === 'theirs') {
        delete outbox.changes[item.key]
        v = withValue(v, item.key, item.theirs)
      } else entry.base = item.theirs
    }
    persist()
    batch(() => {
      setValues(v)
      setConflict(undefined)
    })
    void flush()
  }

  // Unsent edits from an earlier visit (reload, crash, failed request): show them and send them.
  if (editable()) {
    const saved = opts.saved?.outbox
    if (saved && Object.keys(saved.changes).length) {
      outbox = saved
      setRestored(Object.keys(saved.changes).length)
      reconcile(opts.assessment)
    }
  }
  // The last server copy stays on the device: the page opens offline with it (offline/load.ts).
  createEffect(() => void saveSnapshot(server()))

  // Resume on reconnect and when the officer comes back to the app, without waiting for the backoff.
  const resume = () => {
    if (document.visibilityState === 'hidden' || !Object.keys(outbox.changes).length) return
    failures = 0
    void flush()
  }
  window.addEventListener('online', resume)
  document.addEventListener('visibilitychange', resume)
  onCleanup(() => {
    disposed = true
    clearTimeout(timer)
    window.removeEventListener('online', resume)
    document.removeEventListener('visibilitychange', resume)
  })

  /** Where one field stands: on the server, only on this device, being sent, or failed (and why). */
  function fieldState(key: FieldKey): FieldSync {
    tick()
    const entry = outbox.changes[key]
    if (!entry) return valueAt(server(), key) === null ? { phase: 'none' } : { phase: 'server' }
    if (sending().has(key)) return { phase: 'sending' }
    if (conflict()?.items.some((i) => i.key === key)) return { phase: 'failed', reason: { kind: 'conflict' } }
    const refused = rejected().find((i) => i.field === key || i.field.startsWith(`${key}.`))
    if (held.has(key) || refused) return { phase: 'failed', reason: { kind: 'rejected', ...(refused ? { message: refused.message } : {}) } }
    if (waiting() && entry.value !== null && !opts.acceptable(key, values())) return { phase: 'failed', reason: { kind: 'invalid' } }
    const f = failure()
    if (f && (status() === 'failed' || status() === 'offline')) return { phase: 'failed', reason: f }
    return { phase: 'local' }
  }

  return {
    fieldState,
    /** Fields whose device record was unreadable: skipped, reported by the page. */
    corrupt: () => opts.saved?.corrupt ?? [],
    /** false when IndexedDB is unavailable and edits fall back to localStorage */
    durable: () => opts.saved?.durable ?? true,
    /** Started from the device's copy because the server was out of reach. */
    fromDevice: () => opts.saved?.fromDevice === true,
    server,
    values,
    status,
    conflict,
    rejected,
    editable,
    restored,
    pendingCount,
    waiting,
    set,
    flush,
    retry: () => {
      failures = 0
      held = new Set()
      return flush()
    },
    resolveConflict,
    /** Send until nothing sendable is left (a save may have been in flight when asked). */
    async drain() {
      for (let i = 0; i < 4 && !conflict() && sendable().length; i++) await flush()
    },
    /** Whether everything typed is on the server (the submit precondition). */
    settled: () => pendingCount() === 0 && !inFlight && !conflict(),
    markSubmitted(next: Assessment) {
      batch(() => {
        setServer(next)
        setEditable(false)
      })
    },
    reload: reconcile,
  }
}

export type Draft = ReturnType<typeof createDraft>

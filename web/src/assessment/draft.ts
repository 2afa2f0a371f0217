import { batch, createSignal, onCleanup } from 'solid-js'
import type { Answer, Assessment, AssessmentPatch } from '../../../shared/assessment'
import type { FieldIssue } from '../../../shared/errors'
import { api, ApiError } from '../api/client'
import { readOutbox, writeOutbox, type Outbox } from './outbox'
import { sameValue, splitKey, valueAt, withValue, type FieldKey, type FieldValue, type Values } from './values'

export type SaveStatus = 'saved' | 'saving' | 'failed' | 'offline' | 'rejected'
export type ConflictItem = { key: FieldKey; theirs: FieldValue; yours: FieldValue }
export type Conflict = { version: number; items: ConflictItem[] }

/** docs/REVIEW.md: an officer edits a draft, and a returned assessment before resubmitting it. */
export const officerEditable = (status: string) => status === 'draft' || status === 'returned'

const DEBOUNCE_MS = 800
const RETRY_MS = [2_000, 5_000, 10_000, 30_000, 60_000]

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
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: Promise<void> | undefined
  let again = false
  let failures = 0
  let disposed = false

  const persist = () => {
    writeOutbox(communeId, year, outbox)
    setPendingCount(Object.keys(outbox.changes).length)
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
    persist()
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
    inFlight = api
      .patch(communeId, year, patch)
      .then((res) => {
        failures = 0
        acknowledge(entries, res.assessment)
      })
      .catch((e: unknown) => onSaveError(e, entries))
      .finally(() => {
        inFlight = undefined
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
    persist()
  }

  async function onSaveError(e: unknown, sent: [FieldKey, FieldValue][]) {
    const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e))
    if (err.code === 'version_conflict') {
      try {
        const fresh = await api.assessment(communeId, year)
        reconcile(fresh.assessment)
      } catch {
        setStatus('failed')
        schedule(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)])
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
      schedule(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)])
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
    const saved = readOutbox(communeId, year)
    if (saved && Object.keys(saved.changes).length) {
      outbox = saved
      setRestored(Object.keys(saved.changes).length)
      reconcile(opts.assessment)
    }
  }

  const onOnline = () => void flush()
  window.addEventListener('online', onOnline)
  onCleanup(() => {
    disposed = true
    clearTimeout(timer)
    window.removeEventListener('online', onOnline)
  })

  return {
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

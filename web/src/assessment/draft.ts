import { batch, createEffect, createSignal, onCleanup } from 'solid-js'
import { mergePatch, type Answer, type Assessment, type AssessmentPatch } from '../../../shared/assessment'
import type { FieldIssue } from '../../../shared/errors'
import type { Localized } from '../../../shared/i18n'
import { mergeRosterPatch, type Roster } from '../../../shared/roster'
import { api, ApiError } from '../api/client'
import { saveOutbox, saveSnapshot, type LoadedOutbox } from '../offline/outbox-store'
import { backoffMs, failureOf, type SendFailure } from '../offline/sync-state'
import type { Outbox } from './outbox'
import { sameValue, splitKey, valueAt, withValue, type FieldKey, type FieldValue, type Values } from './values'
import { addRosterEntry, foldRemovedVillages, rosterEditRoute, rosterRemoteKeys } from '../roster/outbox'

export type SaveStatus = 'saved' | 'saving' | 'failed' | 'offline' | 'rejected' | 'conflict'
export type FieldSync = { phase: 'none' | 'server' | 'local' | 'sending' } | { phase: 'failed'; reason: SendFailure }
export type ConflictItem = { key: FieldKey; theirs: FieldValue; yours: FieldValue }
export type Conflict = { version: number; items: ConflictItem[]; by?: string; at?: string | null }
/** What another device or person saved since this page last heard from the server, applied in place. */
export type RemoteChange = { version: number; keys: FieldKey[]; by?: string; at?: string | null; roster?: Roster }
/** A number box showing a reason instead of a number: its field is held back until it reads again. */
type BoxError = { key: FieldKey; reason: Localized }

// While the page is visible, ask the server this often whether someone else saved (a conditional GET: a
// 304 of a few hundred bytes when nothing changed). Focus, reconnect and every save ask too.
const POLL_MS = 20_000

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
  const [values, setValues] = createSignal<Values>(valuesOf(opts.assessment))
  const [status, setStatus] = createSignal<SaveStatus>('saved')
  const [conflict, setConflict] = createSignal<Conflict>()
  const [rejected, setRejected] = createSignal<FieldIssue[]>([])
  const [editable, setEditable] = createSignal(opts.editable && officerEditable(opts.assessment.status))
  const [restored, setRestored] = createSignal(0)
  const [pendingCount, setPendingCount] = createSignal(0)
  // Fields kept in the outbox because they are invalid right now (e.g. a numerator above its denominator).
  const [waiting, setWaiting] = createSignal(0)
  const [boxErrors, setBoxErrors] = createSignal<ReadonlyMap<string, BoxError>>(new Map())
  const [remote, setRemote] = createSignal<RemoteChange>()
  // The field the officer is in (focus inside its card or box): never changed under the cursor.
  let editing: FieldKey | undefined
  const blocked = () => new Set([...boxErrors().values()].map((b) => b.key))

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
    // A village: an edit of one added here and not sent yet changes that village's entry; a removal drops the
    // village's unsent field edits (roster/outbox.ts).
    const route = rosterEditRoute(outbox, key, value)
    if (route.fold) return set(route.fold.key, route.fold.value)
    for (const k of route.dropped) delete outbox.changes[k]
    const entry = outbox.changes[key]
    const serverValue = valueAt(server(), key)
    if (entry) entry.value = value
    else outbox.changes[key] = { value, base: serverValue }
    // Typed back to what the server has: nothing to send for this field.
    if (sameValue(value, outbox.changes[key]!.base) && sameValue(value, serverValue)) delete outbox.changes[key]
    persist([key, ...route.dropped])
    held = new Set() // a new edit may have fixed what the server refused (e.g. a denominator)
    batch(() => {
      setValues((v) => withValue(v, key, value))
      setRejected((r) => r.filter((i) => !i.field.startsWith(key)))
      if (status() !== 'failed' && status() !== 'offline' && status() !== 'conflict') setStatus('saving')
    })
    schedule()
  }

  function sendable(): [FieldKey, FieldValue][] {
    const v = values()
    const all = Object.entries(outbox.changes) as [FieldKey, { value: FieldValue }][]
    const stop = blocked()
    const ready = all.filter(([key, e]) => !held.has(key) && !stop.has(key) && (e.value === null || opts.acceptable(key, v)))
    setWaiting(all.length - ready.length)
    return ready.map(([key, e]) => [key, e.value])
  }

  const idleStatus = (): SaveStatus => (conflict() ? 'conflict' : held.size || waiting() || boxErrors().size ? 'rejected' : 'saved')

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
    // No network at all: nothing to try; the edits wait on the device and `online` sends them.
    if (!navigator.onLine) {
      setStatus('offline')
      return Promise.resolve()
    }
    const patch: AssessmentPatch = { version: outbox.baseVersion }
    for (const [key, value] of entries) {
      const { kind, id } = splitKey(key)
      if (kind === 'profile') (patch.profile ??= {})[id] = value as number | null
      else if (kind === 'roster') addRosterEntry((patch.roster ??= {}), id, value, outbox.changes[key]?.base ?? null)
      else (patch.answers ??= {})[id] = value as Answer | null
    }
    setStatus('saving')
    setSending(new Set(entries.map(([k]) => k)))
    inFlight = written
      .then(() => api.patch(communeId, year, patch))
      .then((res) => {
        failures = 0
        setFailure(undefined)
        // The save answers with its new version (and a score summary); the rest is what we sent.
        const r = res as { version?: number; assessment?: Assessment }
        const base = server()
        const version = r.version ?? r.assessment?.version ?? base.version + 1
        const next: Assessment = r.assessment ?? {
          ...base,
          ...mergePatch(base, patch),
          ...(patch.roster ? { roster: mergeRosterPatch(base.roster, patch.roster).roster } : {}),
          version,
          updatedBy: null,
          updatedByName: undefined,
        }
        if (version > base.version + 1) {
          // Someone else saved in between (the server merged per field): read what they changed.
          acknowledge(entries, { ...next, version: base.version })
          void refresh()
        } else acknowledge(entries, next)
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
    // Unreachable is being offline to the officer (a 3G dead spot, a captive portal): one calm state.
    setStatus(err.status === 0 ? 'offline' : 'failed')
    // Retry by itself only what time can fix (no network, 5xx, throttling); 401/403 need the officer.
    if (err.status === 0 || err.status >= 500 || err.status === 429)
      schedule(backoffMs(failures++))
  }

  /**
   * Rebase unsent edits onto a newer server copy; true conflicts go to the officer. Fields changed elsewhere
   * and not here are updated in place and named in `remote`; the field the officer is in is never changed
   * under the cursor: if it changed elsewhere it becomes a conflict too.
   */
  function reconcile(fresh: Assessment) {
    const before = server()
    const shown = values()
    const items: ConflictItem[] = []
    // Villages removed elsewhere while edited here: their edits become one choice per village.
    foldRemovedVillages(outbox, before, fresh, shown)
    for (const [key, entry] of Object.entries(outbox.changes) as [FieldKey, { value: FieldValue; base: FieldValue }][]) {
      const theirs = valueAt(fresh, key)
      if (sameValue(theirs, entry.value)) delete outbox.changes[key]
      else if (!sameValue(theirs, entry.base)) items.push({ key, theirs, yours: entry.value })
    }
    const changed: FieldKey[] = []
    if (fresh.version > before.version) {
      for (const kind of ['profile', 'answers'] as const)
        for (const id of new Set([...Object.keys(before[kind]), ...Object.keys(fresh[kind])])) {
          const key = `${kind}.${id}` as FieldKey
          if (sameValue(valueAt(before, key), valueAt(fresh, key))) continue
          if (outbox.changes[key]) continue // decided above: rebased or a conflict
          if (key === editing && !sameValue(valueAt(fresh, key), valueAt(shown, key))) {
            // The officer is in this box: ask rather than replace what is under the cursor.
            outbox.changes[key] = { value: valueAt(shown, key), base: valueAt(fresh, key) }
            items.push({ key, theirs: valueAt(fresh, key), yours: valueAt(shown, key) })
          } else changed.push(key)
        }
      for (const key of rosterRemoteKeys(before, fresh, outbox, sameValue)) {
        // The officer is in this field, or in a field of this village that is gone: ask.
        const under = key === editing || (!!editing?.startsWith(`${key}.`) && valueAt(fresh, key) === null)
        if (under && !sameValue(valueAt(fresh, key), valueAt(shown, key))) {
          outbox.changes[key] = { value: valueAt(shown, key), base: valueAt(fresh, key) }
          items.push({ key, theirs: valueAt(fresh, key), yours: valueAt(shown, key) })
        } else changed.push(key)
      }
    }
    outbox.baseVersion = fresh.version
    persist()
    let merged: Values = valuesOf(fresh)
    // Whole villages first: a field edit applies to the village it belongs to.
    const pending = (Object.entries(outbox.changes) as [FieldKey, { value: FieldValue }][]).sort(
      ([a], [b]) => a.split('.').length - b.split('.').length,
    )
    for (const [key, entry] of pending) merged = withValue(merged, key, entry.value)
    const canEdit = opts.editable && officerEditable(fresh.status)
    batch(() => {
      setServer(fresh)
      setValues(merged)
      setEditable(canEdit)
      const by = fresh.updatedByName ?? fresh.updatedBy ?? undefined
      if (changed.length)
        setRemote({ version: fresh.version, keys: changed, by, at: fresh.updatedAt, roster: { ...before.roster, ...fresh.roster } })
      if (canEdit && items.length) {
        setConflict({ version: fresh.version, items, by, at: fresh.updatedAt })
        setStatus('conflict')
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
      const entry = (outbox.changes[item.key] ??= { value: item.yours, base: item.theirs })
      if (choices[item.key] === 'theirs') {
        delete outbox.changes[item.key]
        v = withValue(v, item.key, item.theirs)
      } else entry.base = item.theirs
    }
    persist()
    batch(() => {
      setValues(v)
      setConflict(undefined)
      setStatus('saving')
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

  /**
   * Asks the server whether someone else saved since (the GET is conditional: the HTTP cache revalidates it
   * with If-None-Match). A newer copy is applied like a version conflict: changes from elsewhere in place,
   * with a notice; clashes with what is typed here, or with the box the officer is in, to the dialog.
   */
  let refreshing: Promise<void> | undefined
  function refresh(): Promise<void> {
    if (disposed || !navigator.onLine || conflict()) return Promise.resolve()
    refreshing ??= api
      .assessment(communeId, year)
      .then((fresh) => {
        if (!disposed && fresh.assessment.version > server().version && !inFlight) reconcile(fresh.assessment)
      })
      .catch(() => undefined)
      .finally(() => (refreshing = undefined))
    return refreshing
  }

  // Resume on reconnect and when the officer comes back to the app, without waiting for the backoff.
  const resume = () => {
    if (document.visibilityState === 'hidden') return
    void refresh()
    if (!Object.keys(outbox.changes).length) return
    failures = 0
    void flush()
  }
  window.addEventListener('online', resume)
  window.addEventListener('focus', resume)
  document.addEventListener('visibilitychange', resume)
  const poll = setInterval(() => {
    if (document.visibilityState === 'visible' && !inFlight) void refresh()
  }, POLL_MS)
  onCleanup(() => {
    disposed = true
    clearTimeout(timer)
    clearInterval(poll)
    window.removeEventListener('online', resume)
    window.removeEventListener('focus', resume)
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
    if (blocked().has(key)) return { phase: 'failed', reason: { kind: 'invalid' } }
    if (waiting() && entry.value !== null && !opts.acceptable(key, values())) return { phase: 'failed', reason: { kind: 'invalid' } }
    const f = failure()
    // Offline is not a failure of this field: it is on the device and waits (the save status counts them).
    if (f && f.kind !== 'offline' && (status() === 'failed' || status() === 'offline')) return { phase: 'failed', reason: f }
    return { phase: 'local' }
  }

  return {
    fieldState,
    /** The fields waiting in the outbox (a village's row shows whether any of its fields are). */
    pendingKeys: (): FieldKey[] => (tick(), Object.keys(outbox.changes) as FieldKey[]),
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
    settled: () => pendingCount() === 0 && !inFlight && !conflict() && boxErrors().size === 0,
    /** A number box's reason (or undefined once it reads again): its field is not sent meanwhile. */
    setBoxError(boxId: string, key: FieldKey, reason: Localized | undefined) {
      const next = new Map(boxErrors())
      if (reason) next.set(boxId, { key, reason })
      else if (!next.delete(boxId)) return
      setBoxErrors(next)
      if (reason) {
        if (status() === 'saved' || status() === 'saving') setStatus(idleStatus())
      } else schedule()
    },
    /** The boxes showing a reason, as issues for the submit check (each links to its box). */
    boxIssues: (): FieldIssue[] =>
      [...boxErrors().entries()].map(([boxId, b]) => ({ field: b.key, code: 'not_a_number', message: b.reason, boxId }) as FieldIssue),
    /** Focus entered (a key) or left (undefined) a field's card: that field is not replaced under the cursor. */
    setEditing(key: FieldKey | undefined) {
      editing = key
    },
    remote,
    dismissRemote: () => setRemote(undefined),
    refresh,
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

const valuesOf = (a: Assessment): Values => ({ profile: a.profile, answers: a.answers, ...(a.roster ? { roster: a.roster } : {}) })

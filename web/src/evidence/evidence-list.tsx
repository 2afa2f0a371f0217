import { For, Show, createEffect, createMemo, createSignal, onCleanup, onMount } from 'solid-js'
import { EVIDENCE_MAX_BYTES, isEvidenceContentType } from '../../../shared/evidence'
import { ApiError } from '../api/client'
import { l } from '../i18n'
import { tf } from '../i18n/field'
import { evidenceApi, type EvidenceView } from './api'
import { shrinkPhoto } from './image'
import { discard, enqueue, landed, loadThumb, queuedUploads, sendNow, startQueue, thumbFor, type QueuedUpload } from './queue'
import './evidence.css'
import { KEPT_PREFIX } from './kept'
import { FileHash } from './file-hash'
import { ErrorLine } from '../ui/error-line'

/*
 * Evidence files of one indicator: what the server has (with download links and thumbnails) and what is still
 * queued on this device. The officer adds (photo from the camera or gallery, or a PDF) and deletes while the
 * assessment is editable; reviewers drop it in read-only beside the indicator:
 *   <EvidenceList communeId={…} year={…} indicatorId="A1.1" readOnly />
 * The list of the whole assessment is fetched once and shared by every indicator on the page.
 */

type Index = {
  data: () => Record<string, EvidenceView[]> | undefined
  failed: () => boolean
  refetch: () => Promise<void>
}
const indexes = new Map<string, Index>()

function evidenceIndex(communeId: string, year: number): Index {
  const k = `${communeId}:${year}`
  const known = indexes.get(k)
  if (known) return known
  // The last list seen on this device: offline, what was already uploaded stays listed (issue 9).
  const [data, setData] = createSignal<Record<string, EvidenceView[]> | undefined>(readKeptList(communeId, year))
  const [failed, setFailed] = createSignal(false)
  let loading: Promise<void> | undefined
  const refetch = (): Promise<void> =>
    (loading ??= evidenceApi
      .list(communeId, year)
      .then((r) => {
        setData(r.indicators)
        setFailed(false)
        keepList(communeId, year, r.indicators)
      })
      // Unreachable with a kept list is not a failure worth 42 messages: the list shown is the device's copy.
      .catch((e: unknown) => void setFailed(!(data() && e instanceof ApiError && e.status === 0)))
      .finally(() => (loading = undefined)))
  const idx: Index = { data, failed, refetch }
  indexes.set(k, idx)
  void refetch()
  return idx
}

const keptKey = (communeId: string, year: number) => `${KEPT_PREFIX}${communeId}:${year}`

function readKeptList(communeId: string, year: number): Record<string, EvidenceView[]> | undefined {
  try {
    const raw = localStorage.getItem(keptKey(communeId, year))
    const parsed = raw ? (JSON.parse(raw) as unknown) : undefined
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, EvidenceView[]>) : undefined
  } catch {
    return undefined
  }
}

function keepList(communeId: string, year: number, list: Record<string, EvidenceView[]>) {
  try {
    // Download links expire and are useless offline: only what identifies and describes each file is kept.
    const slim = Object.fromEntries(
      Object.entries(list).map(([id, files]) => [id, files.map(({ download: _d, ...rest }) => rest as EvidenceView)]),
    )
    localStorage.setItem(keptKey(communeId, year), JSON.stringify(slim))
  } catch {
    /* storage full: the list is fetched again next time */
  }
}

const kb = (bytes: number) => tf('evSize', { kb: Math.max(1, Math.round(bytes / 1024)) })
const isImage = (type: string) => type.startsWith('image/')
const jpgName = (name: string) => `${name.replace(/\.[^.]+$/, '') || 'anh'}.jpg`

export function EvidenceList(props: { communeId: string; year: number; indicatorId: string; readOnly?: boolean }) {
  const idx = evidenceIndex(props.communeId, props.year)
  const [preparing, setPreparing] = createSignal(0)
  const [problem, setProblem] = createSignal<string>()
  const [deleting, setDeleting] = createSignal<string>()
  onMount(() => {
    if (!props.readOnly) void startQueue()
  })
  // A file reached the server: refresh the shared list (once per landing, whichever card asks first).
  let seen = landed()
  createEffect(() => {
    const n = landed()
    if (n !== seen) {
      seen = n
      void idx.refetch()
    }
  })

  const queued = createMemo(() =>
    queuedUploads().filter((u) => u.communeId === props.communeId && u.year === props.year && u.indicatorId === props.indicatorId),
  )
  const stored = createMemo(() => {
    const mine = new Set(queued().map((q) => q.evidenceId).filter(Boolean))
    return (idx.data()?.[props.indicatorId] ?? []).filter((e) => !mine.has(e.id))
  })

  async function pick(files: FileList | null) {
    setProblem(undefined)
    for (const file of Array.from(files ?? [])) {
      const type = file.type.toLowerCase()
      const common = { communeId: props.communeId, year: props.year, indicatorId: props.indicatorId }
      if (isImage(type)) {
        setPreparing((n) => n + 1)
        try {
          const { blob, thumb } = await shrinkPhoto(file)
          await enqueue({ ...common, filename: jpgName(file.name), contentType: 'image/jpeg', blob, thumb })
        } catch {
          setProblem(tf('evImageFailed'))
        } finally {
          setPreparing((n) => n - 1)
        }
      } else if (!isEvidenceContentType(type)) setProblem(tf('evBadType'))
      else if (file.size > EVIDENCE_MAX_BYTES[type]) setProblem(tf('evTooBig', { mb: EVIDENCE_MAX_BYTES[type] / 1024 / 1024 }))
      else await enqueue({ ...common, filename: file.name, contentType: type, blob: file })
    }
  }

  async function remove(e: EvidenceView) {
    if (!confirm(tf('evDeleteConfirm', { name: e.filename }))) return
    setDeleting(e.id)
    setProblem(undefined)
    try {
      await evidenceApi.remove(props.communeId, props.year, e.id)
      await idx.refetch()
    } catch (err) {
      const why = err instanceof ApiError && err.status ? (err.fields[0] ? l(err.fields[0].message) : err.message) : tf('whyOffline').split(';')[0]!
      setProblem(tf('evDeleteFailed', { reason: why }))
    } finally {
      setDeleting(undefined)
    }
  }

  const inputId = `evf-${props.indicatorId}`
  return (
    <div class="evidence-box" data-testid={`evidence-${props.indicatorId}`}>
      <Show when={props.readOnly}>
        <p class="ev-title">{tf('evTitle')}</p>
      </Show>
      <ul class="ev-list">
        <For each={stored()}>
          {(e) => (
            <li class="ev-item" data-testid="ev-stored" data-status={e.status}>
              <Preview view={e} />
              <span class="ev-meta">
                <a class="ev-name" href={e.download?.url} target="_blank" rel="noopener" aria-label={tf('evOpen', { name: e.filename })}>
                  {e.filename}
                </a>
                <span class="muted small">{kb(e.size)}</span>
                <FileHash sha256={e.sha256} />
              </span>
              <Show when={!props.readOnly}>
                <button
                  type="button"
                  class="btn btn-ghost btn-sm"
                  disabled={deleting() === e.id}
                  aria-label={tf('evDeleteLabel', { name: e.filename })}
                  onClick={() => void remove(e)}
                >
                  {tf('evDelete')}
                </button>
              </Show>
            </li>
          )}
        </For>
        <For each={queued()}>{(q) => <QueuedItem item={q} readOnly={!!props.readOnly} />}</For>
      </ul>
      <Show when={props.readOnly && !stored().length && !queued().length && idx.data()}>
        <p class="muted small">{tf('evNone')}</p>
      </Show>
      <Show when={idx.failed()}>
        <p class="muted small">{tf('evListFailed')}</p>
      </Show>
      <Show when={preparing()}>
        <p class="muted small" role="status">
          {tf('evPreparing')}
        </p>
      </Show>
      <ErrorLine message={problem()} />
      <Show when={!props.readOnly}>
        <input
          id={inputId}
          class="sr-only"
          type="file"
          multiple
          accept="image/*,application/pdf"
          aria-label={tf('evAddLabel', { id: props.indicatorId })}
          onChange={(ev) => {
            const input = ev.currentTarget
            void pick(input.files).finally(() => (input.value = ''))
          }}
        />
        <label class="btn btn-sm ev-add" for={inputId}>
          {tf('evAdd')}
        </label>
      </Show>
    </div>
  )
}

function Preview(props: { view: EvidenceView }) {
  const [local, setLocal] = createSignal(thumbFor(props.view.id))
  onMount(() => {
    if (!local() && isImage(props.view.contentType)) void loadThumb(props.view.id).then(setLocal)
  })
  const [broken, setBroken] = createSignal(false)
  const src = () => local() ?? (isImage(props.view.contentType) && !broken() ? props.view.download?.url : undefined)
  return (
    <Show when={src()} fallback={<span class="ev-thumb ev-doc" aria-hidden="true">{props.view.contentType === 'application/pdf' ? 'PDF' : '…'}</span>}>
      {(s) => <img class="ev-thumb" src={s()} alt="" loading="lazy" decoding="async" onError={() => setBroken(true)} />}
    </Show>
  )
}

function QueuedItem(props: { item: QueuedUpload; readOnly: boolean }) {
  const url = createMemo(() => (props.item.thumb ? URL.createObjectURL(props.item.thumb) : undefined))
  createEffect(() => {
    const u = url()
    onCleanup(() => u && URL.revokeObjectURL(u))
  })
  const why = () => {
    const e = props.item.error
    if (!e) return ''
    if (e.kind === 'refused' && e.message) return l(e.message)
    return tf(e.kind === 'offline' ? 'whyOffline' : e.kind === 'auth' ? 'whyAuth' : e.kind === 'refused' ? 'whyRejected' : 'whyServer', {
      status: e.status ?? 0,
    })
  }
  return (
    <li class="ev-item ev-queued" data-testid="ev-queued" data-state={props.item.error ? 'failed' : props.item.active ? 'uploading' : 'queued'}>
      <Show when={url()} fallback={<span class="ev-thumb ev-doc" aria-hidden="true">PDF</span>}>
        {(u) => <img class="ev-thumb" src={u()} alt="" />}
      </Show>
      <span class="ev-meta">
        <span class="ev-name">{props.item.filename}</span>
        <span class="small" classList={{ 'ev-bad': !!props.item.error }}>
          {kb(props.item.size)} ·{' '}
          {props.item.error
            ? tf('evFailed', { reason: why() })
            : props.item.active
              ? `${tf('evUploading')}${props.item.progress ? ` ${Math.round(props.item.progress * 100)}%` : ''}`
              : tf('evQueued')}
        </span>
      </span>
      <Show when={props.item.error && !props.item.fatal}>
        <button type="button" class="btn btn-sm" onClick={() => sendNow()}>
          {tf('evRetry')}
        </button>
      </Show>
      <Show when={!props.readOnly}>
        <button
          type="button"
          class="btn btn-ghost btn-sm"
          aria-label={tf('evDeleteLabel', { name: props.item.filename })}
          onClick={() => confirm(tf('evDeleteConfirm', { name: props.item.filename })) && void discard(props.item.id)}
        >
          {tf('evDelete')}
        </button>
      </Show>
    </li>
  )
}

export default EvidenceList

import type { AssessmentStatus } from './assessment'
import type { QueueSummary } from './review'
import { daysBetween } from './season'

/*
 * The reviewer's queue sorted and searched across a whole review unit (tens to a few hundred communes): pure, so
 * the server's listing and its tests share it. Search ignores case and Vietnamese diacritics ("son tan" finds
 * "Sơn Tân").
 */

export const QUEUE_SORTS = ['commune', 'name', 'waiting', 'score', 'reviewed'] as const
export type QueueSort = (typeof QUEUE_SORTS)[number]

export type QueueRow = {
  communeId: string
  communeName: string
  status: AssessmentStatus
  submittedAt: string | null
  updatedAt: string | null
  summary: QueueSummary
}

/** One line of a review unit's queue (GET /review/queue), as the server lists it and the browser reads it. */
export type QueueItem = QueueRow & {
  version: number
  /** The reviewer of the unit this commune is assigned to, if any. */
  assignee?: { id: string; name: string }
}

/** Lower case, without diacritics (đ → d), spaces collapsed: how names are compared when searching. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

const score = (r: QueueRow) => r.summary.reviewedTotal ?? r.summary.total
const reviewedShare = (r: QueueRow) => (r.summary.indicators ? (r.summary.reviewed ?? 0) / r.summary.indicators : 0)

/**
 * Rows matching `q` (name or id), sorted: `waiting` longest-waiting first (oldest submission), `score` highest
 * first, `reviewed` least reviewed first, `name` A–Z in Vietnamese order, `commune` by id. Ties by commune id, so
 * the order (and an offset into it) is stable between requests.
 */
export function sortAndFilterQueue<R extends QueueRow>(rows: readonly R[], opts: { q?: string | undefined; sort?: QueueSort | undefined; now: Date }): R[] {
  const q = opts.q ? searchKey(opts.q) : ''
  const kept = q ? rows.filter((r) => searchKey(r.communeName).includes(q) || r.communeId.toLowerCase().includes(q)) : [...rows]
  const byId = (a: R, b: R) => (a.communeId < b.communeId ? -1 : a.communeId > b.communeId ? 1 : 0)
  const since = (r: R) => (r.submittedAt ? daysBetween(r.submittedAt, opts.now) : -1)
  const collator = new Intl.Collator('vi')
  const compare: Record<QueueSort, (a: R, b: R) => number> = {
    commune: byId,
    name: (a, b) => collator.compare(a.communeName, b.communeName) || byId(a, b),
    // ISO instants compare as strings; never submitted (null) last.
    waiting: (a, b) => {
      const x = a.submittedAt ?? '\uffff'
      const y = b.submittedAt ?? '\uffff'
      return x < y ? -1 : x > y ? 1 : since(b) - since(a) || byId(a, b)
    },
    score: (a, b) => score(b) - score(a) || byId(a, b),
    reviewed: (a, b) => reviewedShare(a) - reviewedShare(b) || byId(a, b),
  }
  return kept.sort(compare[opts.sort ?? 'commune'])
}

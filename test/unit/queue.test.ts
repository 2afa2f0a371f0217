import { describe, expect, it } from 'vitest'
import { searchKey, sortAndFilterQueue, type QueueRow } from '../../shared/queue'

const now = new Date()
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString()
const row = (communeId: string, communeName: string, submitted: number | null, total: number, reviewed = 0): QueueRow => ({
  communeId,
  communeName,
  status: 'submitted',
  submittedAt: submitted === null ? null : daysAgo(submitted),
  updatedAt: null,
  summary: { total, eligible: true, indicators: 42, reviewed },
})
const rows = [row('c', 'Sơn Tân', 3, 800, 42), row('a', 'Đức Phổ', 10, 600, 0), row('b', 'An Vĩnh', null, 900, 20), row('d', 'Sơn Tây', 10, 700, 5)]
const ids = (r: QueueRow[]) => r.map((x) => x.communeId)

describe('sortAndFilterQueue', () => {
  it('searches names without case or diacritics, and ids', () => {
    expect(searchKey('  Đức  PHỔ ')).toBe('duc pho')
    expect(ids(sortAndFilterQueue(rows, { q: 'son t', now }))).toEqual(['c', 'd'])
    expect(ids(sortAndFilterQueue(rows, { q: 'duc', now }))).toEqual(['a'])
    expect(ids(sortAndFilterQueue(rows, { q: 'B', now }))).toEqual(['b'])
  })
  it('sorts by waiting (oldest submission first, ties by id, never submitted last), score, reviewed share, name', () => {
    expect(ids(sortAndFilterQueue(rows, { sort: 'waiting', now }))).toEqual(['a', 'd', 'c', 'b'])
    expect(ids(sortAndFilterQueue(rows, { sort: 'score', now }))).toEqual(['b', 'c', 'd', 'a'])
    expect(ids(sortAndFilterQueue(rows, { sort: 'reviewed', now }))).toEqual(['a', 'd', 'b', 'c'])
    expect(ids(sortAndFilterQueue(rows, { sort: 'name', now }))).toEqual(['b', 'a', 'c', 'd'])
    expect(ids(sortAndFilterQueue(rows, { now }))).toEqual(['a', 'b', 'c', 'd'])
  })
  it('does not change its input', () => {
    const copy = structuredClone(rows)
    sortAndFilterQueue(rows, { sort: 'score', q: 'son', now })
    expect(rows).toEqual(copy)
  })
})

import { createResource, createSignal } from 'solid-js'
import type { Comment } from '../api/contract'
import { reviewApi } from '../api/review-api'

/**
 * All comments of one assessment, loaded once and grouped per indicator (threads are short: a handful per
 * indicator). A posted comment is appended from the server's answer, not optimistically, so what is shown
 * is what was stored.
 */
export function createComments(communeId: string, year: number) {
  const [loaded, { refetch }] = createResource(async () => (await reviewApi.comments(communeId, year)).comments)
  const [added, setAdded] = createSignal<Comment[]>([])
  const all = () => [...(loaded.latest ?? []), ...added().filter((c) => !(loaded.latest ?? []).some((x) => x.id === c.id))]
  return {
    all,
    error: () => loaded.error as unknown,
    /** comments on one indicator, or the general ones when `indicatorId` is undefined */
    of: (indicatorId: string | undefined) => all().filter((c) => c.indicatorId === indicatorId),
    async post(body: { indicatorId?: string; text: string; replyTo?: string }) {
      const { comment } = await reviewApi.comment(communeId, year, body)
      setAdded((a) => [...a, comment])
      return comment
    },
    refetch: () => {
      setAdded([])
      return refetch()
    },
  }
}

export type Comments = ReturnType<typeof createComments>

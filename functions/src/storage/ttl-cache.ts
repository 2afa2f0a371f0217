/*
 * A small in-process read-through cache for data that changes a few times a year (org units, published
 * rubrics) but is read on every request. Each Lambda container (or the local server) keeps its own copy for
 * at most `ttlMs`; a write through the same store drops the entry at once. Misses are not cached, so a unit or
 * rubric created elsewhere is visible on the next read. Values are shared, so callers must not mutate them.
 */
export type TtlCacheOptions = { ttlMs: number; now?: () => number; maxEntries?: number }

export function ttlCache<K, V>(load: (key: K) => Promise<V | undefined>, options: TtlCacheOptions) {
  const now = options.now ?? Date.now
  const maxEntries = options.maxEntries ?? 10_000
  const entries = new Map<K, { value: V; expires: number }>()
  return {
    async get(key: K): Promise<V | undefined> {
      const hit = entries.get(key)
      if (hit && hit.expires > now()) return hit.value
      const value = await load(key)
      if (value === undefined) entries.delete(key)
      else {
        // Map keeps insertion order: dropping the oldest bounds memory in a long-lived process.
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as K)
        entries.set(key, { value, expires: now() + options.ttlMs })
      }
      return value
    },
    forget(key: K): void {
      entries.delete(key)
    },
  }
}

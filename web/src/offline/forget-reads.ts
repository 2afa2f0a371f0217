import { KEPT_PREFIX } from '../evidence/kept'
import { db } from './db'

/**
 * On logout, forget what the server showed this user: the service worker's cached API reads (keyed by URL, not
 * by user) and the last server copies kept for an offline start. On a phone shared by two officers, the next
 * one must never be served the previous one's data from a cache. Unsent edits and queued uploads stay: they are
 * sent the next time someone who may edit that commune opens it, as before.
 */
export async function forgetCachedReads(): Promise<void> {
  try {
    if ('caches' in globalThis) await caches.delete('xaso-api')
  } catch {
    // No Cache Storage (private mode, old browser): nothing was cached there.
  }
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(KEPT_PREFIX)) localStorage.removeItem(key)
  } catch {
    // No localStorage: no evidence list was kept either.
  }
  try {
    const d = await db()
    await d?.clear('snapshots')
  } catch {
    // IndexedDB unavailable: there are no snapshots to forget.
  }
}

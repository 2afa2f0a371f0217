import { session, token } from '../auth'

/*
 * Registers the service worker (vite-plugin-pwa's generated sw.js) once the page has loaded, so it never
 * competes with the first load on 3G. On the very first visit the page's API reads happened before the worker
 * controlled it and are not cached yet: as soon as it takes control they are fetched once more through it, so
 * the next start works offline.
 */
const CACHED = [/^\/api\/(me|years|rubrics\/\d+)$/, /^\/api\/communes\/[^/]+\/assessments\/\d+(\/evidence)?$/]
// The page's own chunks (fingerprinted): re-fetched through the worker they come from the HTTP cache.
const ASSET = /^\/assets\/[^/]+\.(js|css)$/

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return
  const start = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e: unknown) => console.warn('service worker', e))
  }
  if (document.readyState === 'complete') start()
  else window.addEventListener('load', start, { once: true })
  if (navigator.serviceWorker.controller) return
  // Until the worker controls the page, reads bypass it (workerStart 0). Once it does, fetch them again through
  // it, including reads that were still in flight when it took over (hence an observer, not a single pass).
  const warmed = new Set<string>()
  const warm = (entries: PerformanceEntryList) => {
    const tk = token()
    if (!navigator.serviceWorker.controller) return
    for (const e of entries as PerformanceResourceTiming[]) {
      if (e.workerStart > 0 || warmed.has(e.name)) continue
      let url: URL
      try {
        url = new URL(e.name)
      } catch {
        continue
      }
      const asset = url.origin === location.origin && ASSET.test(url.pathname)
      if (!asset && !CACHED.some((re) => re.test(url.pathname))) continue
      // The API's reads are warmed only while signed in (a signed-out page has none to keep).
      if (!asset && !session()) continue
      warmed.add(e.name)
      // force-cache: the worker's fetch is answered from the HTTP cache the page just filled (no round trip on
      // 3G), so the device is offline-ready as soon as the worker is in control. A session cookie, if that is
      // how the API authenticates, goes along by itself (same origin).
      const init: RequestInit = { cache: 'force-cache', ...(asset || !tk ? {} : { headers: { Authorization: `Bearer ${tk}` } }) }
      void fetch(url.href, init).catch(() => warmed.delete(e.name))
    }
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => warm(performance.getEntriesByType('resource')), { once: true })
  try {
    new PerformanceObserver((list) => warm(list.getEntries())).observe({ type: 'resource' })
  } catch {
    /* old browser: the controllerchange pass is all we do */
  }
}

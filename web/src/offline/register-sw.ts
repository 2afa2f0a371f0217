import { token } from '../auth'

/*
 * Registers the service worker (vite-plugin-pwa's generated sw.js) once the page has loaded, so it never
 * competes with the first load on 3G. On the very first visit the page's API reads happened before the worker
 * controlled it and are not cached yet: as soon as it takes control they are fetched once more through it, so
 * the next start works offline.
 */
const CACHED = [/^\/api\/(me|rubrics\/\d+)$/, /^\/api\/communes\/[^/]+\/assessments\/\d+$/]

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return
  const hadController = !!navigator.serviceWorker.controller
  const start = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e: unknown) => console.warn('service worker', e))
  }
  if (document.readyState === 'complete') start()
  else window.addEventListener('load', start, { once: true })
  if (!hadController) navigator.serviceWorker.addEventListener('controllerchange', warm, { once: true })
}

function warm() {
  const tk = token()
  if (!tk) return
  const seen = new Set<string>()
  for (const e of performance.getEntriesByType('resource')) {
    let url: URL
    try {
      url = new URL(e.name)
    } catch {
      continue
    }
    if (seen.has(url.href) || !CACHED.some((re) => re.test(url.pathname))) continue
    seen.add(url.href)
    void fetch(url.href, { headers: { Authorization: `Bearer ${tk}` } }).catch(() => undefined)
  }
}

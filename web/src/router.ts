import { createSignal } from 'solid-js'

// A hash router is all this app needs (three screens) and costs no bytes; @solidjs/router would add
// ~8 KB gzipped and server-side fallbacks for deep links.
export type Route =
  | { name: 'login' }
  | { name: 'home' }
  | { name: 'assessment'; communeId: string; year: number }

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '')
  if (path === '/login') return { name: 'login' }
  const m = /^\/communes\/([^/]+)\/(\d{4})$/.exec(path)
  if (m) return { name: 'assessment', communeId: decodeURIComponent(m[1]!), year: Number(m[2]) }
  return { name: 'home' }
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'login':
      return '#/login'
    case 'home':
      return '#/'
    case 'assessment':
      return `#/communes/${encodeURIComponent(route.communeId)}/${route.year}`
  }
}

const [route, setRoute] = createSignal<Route>(parseHash(location.hash))
window.addEventListener('hashchange', () => setRoute(parseHash(location.hash)))
export { route }

export function navigate(to: Route, opts: { replace?: boolean } = {}) {
  const href = hrefOf(to)
  if (opts.replace) history.replaceState(null, '', href)
  else history.pushState(null, '', href)
  setRoute(to)
}

import { createSignal } from 'solid-js'
import { hrefOf, parseHash, type Route } from './paths'

// A hash router is all this app needs (a handful of screens) and costs no bytes; @solidjs/router would add
// ~8 KB gzipped and server-side fallbacks for deep links.
export { PATHS, hrefOf, parseHash, takesYear, type Route, type RouteName } from './paths'

const [route, setRoute] = createSignal<Route>(parseHash(location.hash))
window.addEventListener('hashchange', () => setRoute(parseHash(location.hash)))
export { route }

export function navigate(to: Route, opts: { replace?: boolean } = {}) {
  const href = hrefOf(to)
  if (opts.replace) history.replaceState(null, '', href)
  else history.pushState(null, '', href)
  setRoute(to)
}

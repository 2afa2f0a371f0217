import type { BrowserContext, Route } from 'playwright-core'

// Chromium's offline emulation (context.setOffline) has gaps around service workers: right after a reload of a
// worker-controlled page, a request the worker passes through can still reach the network
// (microsoft/playwright#2311; seen here as a PATCH landing on the server "offline"). So the tests also
// refuse every request at the context's router, which sees the page's and the worker's requests alike.
const refuse = (route: Route) => route.abort('internetdisconnected')

export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true)
  await context.route('**/*', refuse)
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.unroute('**/*', refuse)
  await context.setOffline(false)
}

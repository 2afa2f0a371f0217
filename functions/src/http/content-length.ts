import { createMiddleware } from 'hono/factory'

/**
 * Gives a JSON answer its Content-Length. hono's compress() only honours its threshold when that header is set,
 * and c.json() does not set it, so without this even an 11-byte `{"ok":true}` was gzipped (CPU on every
 * autosave for nothing: below one TCP segment, gzip saves no round trip on 3G). Registered after compress(),
 * so it runs first on the way out. Only JSON is buffered (it is already a string in memory); files stream.
 */
export const jsonContentLength = () =>
  createMiddleware(async (c, next) => {
    await next()
    const res = c.res
    if (!res.body || res.headers.has('content-length') || res.headers.has('content-encoding')) return
    if (!res.headers.get('content-type')?.startsWith('application/json')) return
    const body = await res.arrayBuffer()
    const headers = new Headers(res.headers)
    headers.set('content-length', String(body.byteLength))
    c.res = new Response(body, { status: res.status, statusText: res.statusText, headers })
  })

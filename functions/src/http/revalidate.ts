import type { MiddlewareHandler } from 'hono'
import { etag } from 'hono/etag'

// The reads an officer's page makes on every start: on a repeat visit over 3G each is revalidated with
// If-None-Match and answered 304 (no body) when nothing changed. Per user (Vary: Authorization, Cookie) and
// never stored by a shared cache (private); no-cache makes the browser ask every time rather than guess.
const REVALIDATED = [
  /^\/api\/me$/,
  /^\/api\/years$/,
  /^\/api\/rubrics\/\d+$/,
  /^\/api\/communes\/[^/]+\/assessments\/\d+$/,
  /^\/api\/communes\/[^/]+\/assessments\/\d+\/evidence$/,
]

const tag = etag()

export const revalidate: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'GET' || !REVALIDATED.some((re) => re.test(c.req.path))) return next()
  await tag(c, next)
  if (c.res.status === 200 || c.res.status === 304) {
    c.header('Cache-Control', 'private, no-cache')
    c.header('Vary', 'Authorization, Cookie', { append: true })
  }
}

import { createMiddleware } from 'hono/factory'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Gives every JSON answer its Content-Length where the JSON becomes text: hono's compress() only honours its
 * threshold when that header is set, and c.json() does not set it, so without this even an 11-byte `{"ok":true}`
 * was gzipped (CPU on every autosave for nothing: below one TCP segment, gzip saves no round trip on 3G).
 *
 * It stands in for this request's c.json rather than reading the answer back after the handler: a Response built
 * from a string leaves @hono/node-server as that string, while reading its body back turned it into a web stream
 * and a second Response, ~0.5 ms of CPU on every autosave (issue 8's profile). Files and exports stream and never
 * pass through c.json. A call with a ResponseInit or extra headers (none in this app) keeps hono's own c.json.
 */
export const jsonContentLength = () =>
  createMiddleware(async (c, next) => {
    const json = c.json
    c.json = ((object: unknown, arg?: unknown, headers?: unknown) => {
      if (headers !== undefined || (arg !== undefined && typeof arg !== 'number')) return (json as (...a: unknown[]) => Response)(object, arg, headers)
      const text = JSON.stringify(object) as string | undefined
      if (text === undefined) return (json as (...a: unknown[]) => Response)(object, arg)
      return c.body(text, arg as ContentfulStatusCode | undefined, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
    }) as typeof c.json
    await next()
  })

import { bodyLimit } from 'hono/body-limit'
import type { MiddlewareHandler } from 'hono'
import { AppError } from '../../../shared/errors'

/**
 * Refuses a request body above `maxBytes` with a 400 naming the limit, before anything reads it.
 *
 * hono's bodyLimit starts by asking the request for its body stream, which makes @hono/node-server build a full
 * web Request (and a stream) for every request, GETs included, and reads the JSON through that stream: a
 * measurable share of an autosave (issue 8). A declared Content-Length (every browser's fetch of a JSON body) is
 * enough to decide, as hono's own middleware does after that step; only a chunked body, whose length nobody
 * declared, goes through hono's counting reader. GET and HEAD carry no body this API reads.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new AppError('bad_request', `Request body is larger than ${maxBytes / 1024} KB`)
  }
  const counting = bodyLimit({ maxSize: maxBytes, onError: tooLarge })
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const declared = c.req.header('content-length')
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(declared) > maxBytes) tooLarge()
      return next()
    }
    return counting(c, next)
  }
}

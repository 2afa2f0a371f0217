import { timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { EDGE_KEY_HEADER, VIEWER_IP_HEADER } from '../http/edge'

const plausibleIp = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64 && /^[0-9A-Fa-f:.]+$/.test(v)

const sameKey = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/**
 * The caller's address as the platform saw it, for the per-IP login counter. A client-chosen header
 * (X-Forwarded-For and the like) would let an attacker pick a fresh "address" for every attempt, so only these:
 *   behind our CloudFront: the viewer address its function wrote, believed only with the edge key (http/edge.ts)
 *   Lambda function URL (hono/aws-lambda): c.env.event.requestContext.http.sourceIp
 *   Node (@hono/node-server, `npm start`): c.env.incoming.socket.remoteAddress
 */
export async function clientIp(c: Context, edgeKey?: PromiseLike<string>): Promise<string | undefined> {
  const sentKey = c.req.header(EDGE_KEY_HEADER)
  if (edgeKey && sentKey && sameKey(sentKey, await edgeKey)) {
    const viewer = c.req.header(VIEWER_IP_HEADER)
    if (plausibleIp(viewer)) return viewer
  }
  const env = c.env as
    | { event?: { requestContext?: { http?: { sourceIp?: unknown }; identity?: { sourceIp?: unknown } } }; incoming?: { socket?: { remoteAddress?: unknown } } }
    | undefined
  const candidates = [env?.event?.requestContext?.http?.sourceIp, env?.event?.requestContext?.identity?.sourceIp, env?.incoming?.socket?.remoteAddress]
  return candidates.find(plausibleIp)
}

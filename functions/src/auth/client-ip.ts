import type { Context } from 'hono'

/**
 * The caller's address as the platform saw it, for the per-IP login counter. X-Forwarded-For is deliberately
 * ignored: the API is a Lambda function URL (no proxy of ours in front), so the header is whatever the client
 * chose to send, and honouring it would let an attacker pick a fresh "address" for every attempt.
 *   Lambda (hono/aws-lambda): c.env.event.requestContext.http.sourceIp
 *   Node (@hono/node-server): c.env.incoming.socket.remoteAddress
 */
export function clientIp(c: Context): string | undefined {
  const env = c.env as
    | { event?: { requestContext?: { http?: { sourceIp?: unknown }; identity?: { sourceIp?: unknown } } }; incoming?: { socket?: { remoteAddress?: unknown } } }
    | undefined
  const candidates = [env?.event?.requestContext?.http?.sourceIp, env?.event?.requestContext?.identity?.sourceIp, env?.incoming?.socket?.remoteAddress]
  const ip = candidates.find((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64)
  return ip
}

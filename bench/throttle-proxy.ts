import { createServer, connect, type Server, type Socket } from 'node:net'

/*
 * A throttled link between the browser and the local server, for the page, its service worker and everything
 * else alike (DevTools' network throttling does not slow a service worker's own fetches). A TCP forwarder: the
 * browser talks HTTP to 127.0.0.1:<port> (a secure context, so the service worker runs) and every byte in each
 * direction goes through one shared "wire" of `kbps`, delivered `rttMs / 2` after it left the wire. Chunks are
 * cut to 4 KB so parallel connections share the wire fairly, as on a real link.
 */

export type Throttle = { kbps: number; rttMs: number }
export type ThrottleProxy = {
  url: string
  port: number
  bytes: () => { down: number; up: number }
  /** Request lines sent ("GET /api/me") and status codes answered, in order (HTTP/1.1 over the link). */
  requests: () => string[]
  statuses: () => number[]
  close: () => Promise<void>
}

const REQUEST_LINE = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3}) /

const SLICE = 4096

/** One direction of the link: serialises bytes at the link rate, then adds the one-way delay. */
function wire(t: Throttle) {
  let freeAt = 0
  let total = 0
  return {
    send(dest: Socket, chunk: Buffer) {
      for (let i = 0; i < chunk.length; i += SLICE) {
        const part = chunk.subarray(i, i + SLICE)
        const now = performance.now()
        const start = Math.max(now, freeAt)
        freeAt = start + (part.length * 8) / t.kbps // kbps = bits per ms
        total += part.length
        const at = freeAt + t.rttMs / 2
        setTimeout(() => {
          if (!dest.destroyed) dest.write(part)
        }, Math.max(0, at - now))
      }
    },
    /** Runs `fn` once everything sent so far has been delivered (a FIN travels behind the data). */
    after(fn: () => void) {
      setTimeout(fn, Math.max(0, freeAt + t.rttMs / 2 - performance.now()) + 1)
    },
    total: () => total,
  }
}

export async function startThrottleProxy(target: string, t: Throttle): Promise<ThrottleProxy> {
  const { hostname, port } = new URL(target)
  const down = wire(t)
  const up = wire(t)
  const sockets = new Set<Socket>()
  const requests: string[] = []
  const statuses: number[] = []
  const server: Server = createServer((client) => {
    const upstream = connect({ host: hostname, port: Number(port) })
    sockets.add(client).add(upstream)
    // A TCP handshake costs a round trip before the first byte.
    client.pause()
    setTimeout(() => client.resume(), t.rttMs)
    // A request or response head starts a chunk in practice (keep-alive, no pipelining): enough to count them.
    client.on('data', (b) => {
      const m = REQUEST_LINE.exec(b.subarray(0, 300).toString('latin1'))
      if (m) requests.push(`${m[1]} ${m[2]}`)
      up.send(upstream, b)
    })
    upstream.on('data', (b) => {
      const m = STATUS_LINE.exec(b.subarray(0, 20).toString('latin1'))
      if (m) statuses.push(Number(m[1]))
      down.send(client, b)
    })
    client.on('end', () => up.after(() => upstream.end()))
    upstream.on('end', () => down.after(() => client.end()))
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', drop).on('close', () => down.after(drop))
    upstream.on('error', drop).on('close', () => down.after(drop))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const listen = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${listen}`,
    port: listen,
    bytes: () => ({ down: down.total(), up: up.total() }),
    requests: () => [...requests],
    statuses: () => [...statuses],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

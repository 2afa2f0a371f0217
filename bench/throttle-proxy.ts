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

/**
 * One direction of the link: serialises bytes at the link rate, then adds the one-way delay. Each destination
 * socket has its own queue, written strictly in order by one timer: a timer per slice could fire out of order
 * (timers round to libuv's millisecond clock, which lags while the process is busy), and a small slice overtaking
 * a large one corrupts the HTTP stream the browser reads (ERR_INVALID_HTTP_RESPONSE).
 */
function wire(t: Throttle) {
  let freeAt = 0
  let total = 0
  type Item = { at: number; part?: Buffer; then?: () => void }
  const queues = new Map<Socket, { items: Item[]; timer?: NodeJS.Timeout }>()
  const pump = (dest: Socket) => {
    const q = queues.get(dest)
    if (!q) return
    q.timer = undefined
    while (q.items.length > 0) {
      const head = q.items[0]!
      const wait = head.at - performance.now()
      if (wait > 0) {
        q.timer = setTimeout(() => pump(dest), Math.ceil(wait))
        return
      }
      q.items.shift()
      if (head.part && !dest.destroyed) dest.write(head.part)
      head.then?.()
    }
    queues.delete(dest)
  }
  const push = (dest: Socket, item: Item) => {
    let q = queues.get(dest)
    if (!q) queues.set(dest, (q = { items: [] }))
    q.items.push(item)
    if (!q.timer && q.items.length === 1) pump(dest)
  }
  return {
    send(dest: Socket, chunk: Buffer) {
      for (let i = 0; i < chunk.length; i += SLICE) {
        const part = chunk.subarray(i, i + SLICE)
        const start = Math.max(performance.now(), freeAt)
        freeAt = start + (part.length * 8) / t.kbps // kbps = bits per ms
        total += part.length
        push(dest, { at: freeAt + t.rttMs / 2, part })
      }
    },
    /** Runs `fn` once everything sent to `dest` so far has been delivered (a FIN travels behind the data). */
    after(dest: Socket, fn: () => void) {
      push(dest, { at: Math.max(freeAt, performance.now()) + t.rttMs / 2, then: fn })
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
    client.on('end', () => up.after(upstream, () => upstream.end()))
    upstream.on('end', () => down.after(client, () => client.end()))
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', drop).on('close', () => down.after(client, drop))
    upstream.on('error', drop).on('close', () => down.after(client, drop))
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

/*
 * Deployed, the site and the API sit behind one CloudFront (stacks/router.ts). Its viewer-request function writes
 * the viewer's address (`event.viewer.ip`) into VIEWER_IP_HEADER and a key into EDGE_KEY_HEADER. The function URL
 * itself stays reachable directly, where anyone can send any header, so the address header is believed only
 * with the key: an HMAC of the token secret, which the stack computes at deploy time and the API on first use.
 * Web Crypto, not node:crypto: the same function runs in the stacks (no Node types there) and in the API.
 */
export const EDGE_KEY_HEADER = 'x-xaso-edge'
export const VIEWER_IP_HEADER = 'x-xaso-viewer-ip'

export async function edgeKeyFor(tokenSecret: string): Promise<string> {
  const enc = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', enc.encode(tokenSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode('xaso-edge-v1')))
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The edge key, derived on first use rather than when the app is created: only a login reads it (client-ip.ts),
 * and Web Crypto's first use loads a dozen of Node's internal modules, a cost every cold start paid (issue 8).
 */
export function lazyEdgeKey(tokenSecret: string): PromiseLike<string> {
  let key: Promise<string> | undefined
  return { then: (onFulfilled, onRejected) => (key ??= edgeKeyFor(tokenSecret)).then(onFulfilled, onRejected) }
}

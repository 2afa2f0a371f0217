/*
 * SHA-256 of a file before it is declared: the server binds the upload URL to it, so the store accepts these bytes
 * only. crypto.subtle exists only in secure contexts (HTTPS, localhost); an officer on a commune LAN reaching the
 * app over plain http gets @noble/hashes instead (loaded only then), fed in slices so a 10 MB PDF is never copied
 * whole a second time.
 */
const SLICE = 1024 * 1024

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

export async function sha256Hex(blob: Blob): Promise<string> {
  const { isSecureContext, crypto } = globalThis as { isSecureContext?: boolean; crypto?: { subtle?: { digest(algorithm: string, data: ArrayBuffer): Promise<ArrayBuffer> } } }
  const subtle = isSecureContext ? crypto?.subtle : undefined
  if (subtle) return hex(new Uint8Array(await subtle.digest('SHA-256', await blob.arrayBuffer())))
  const { sha256 } = await import('@noble/hashes/sha2.js')
  const hash = sha256.create()
  for (let at = 0; at < blob.size; at += SLICE) hash.update(new Uint8Array(await blob.slice(at, at + SLICE).arrayBuffer()))
  return hex(hash.digest())
}

/*
 * Where evidence bytes live. The API never streams a file itself (a Lambda function URL caps bodies at 6 MB,
 * and a 10 MB PDF over 3G would hold a function for minutes): it hands out an upload URL that only accepts the
 * declared bytes, and short-lived download URLs. An upload URL is bound to the declared size, type and SHA-256 and
 * may create its object only once: re-sending it later with other bytes (after the file was confirmed, or the
 * assessment submitted) is refused by the store itself. Two implementations:
 *   s3-blob-store.ts    AWS: presigned PUT (Content-Type, Content-Length, x-amz-checksum-sha256 and
 *                       If-None-Match: * signed) and GET
 *   disk-blob-store.ts  npm start and tests: files under .data/evidence, served by the local server itself
 */

export type UploadTarget = {
  /** Absolute for S3; the disk store's is relative to the API's origin (resolve with `new URL(url, apiBase)`). */
  url: string
  method: 'PUT'
  /** Send exactly these headers with the bytes: they are part of the signature. */
  headers: Record<string, string>
  expiresAt: string
}

export type DownloadTarget = { url: string; expiresAt: string }

/** `sha256`: hex, as the store computed or verified it (undefined if the store has no checksum for the object). */
export type BlobInfo = { size: number; contentType: string; sha256?: string }

/** What an upload URL is bound to; `sha256` is 64 lower-case hex digits. */
export type DeclaredBlob = { contentType: string; size: number; sha256: string }

export interface BlobStore {
  /** Accepts exactly these bytes, and only if nothing is stored under `key` yet. */
  createUpload(key: string, file: DeclaredBlob): Promise<UploadTarget>
  /** `filename` is what the browser saves the file as (Content-Disposition). */
  createDownload(key: string, file: { filename: string }): Promise<DownloadTarget>
  /** undefined when nothing has been uploaded under `key`. */
  head(key: string): Promise<BlobInfo | undefined>
  /** Idempotent: deleting a missing blob is not an error. */
  delete(key: string): Promise<void>
}

/** How long a URL stays usable. Upload: long enough to start a 10 MB PUT after a patchy wait; download: short. */
export const UPLOAD_URL_TTL_SECONDS = 60 * 60
export const DOWNLOAD_URL_TTL_SECONDS = 10 * 60

/**
 * `inline` so a reviewer's browser shows the photo or PDF beside the indicator; `filename*` (RFC 6266/5987) carries
 * the Vietnamese name, `filename` an ASCII fallback for old clients.
 */
export function contentDisposition(filename: string): string {
  const ascii =
    filename
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'evidence'
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** S3 carries checksums in base64, the API and the audit trail in hex (what `sha256sum` prints). */
export const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64')
export const base64ToHex = (b64: string) => Buffer.from(b64, 'base64').toString('hex')

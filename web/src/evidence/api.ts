import type { Evidence } from '../../../shared/evidence'
import type { FieldIssue } from '../../../shared/errors'
import { ApiError, baseUrl } from '../api/client'
import { token } from '../auth'

/*
 * The evidence routes (functions/src/evidence/routes.ts). Plain fetch rather than the typed hc client: the upload
 * itself goes to a URL the server hands out (S3 presigned, or the local disk store), not to the API.
 */

export type UploadTarget = { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt?: string }
export type EvidenceView = Evidence & { download?: { url: string; expiresAt: string } }

const base = (communeId: string, year: number) =>
  `${baseUrl}/api/communes/${encodeURIComponent(communeId)}/assessments/${year}/evidence`

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const tk = token()
  let res: Response
  try {
    res = await fetch(url, {
      method,
      headers: { ...(tk ? { Authorization: `Bearer ${tk}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
  } catch {
    throw new ApiError(0, 'network', 'network error')
  }
  if (res.ok) return (await res.json()) as T
  let err: { error?: { code?: string; message?: string; fields?: FieldIssue[]; details?: Record<string, unknown> } } | undefined
  try {
    err = (await res.json()) as typeof err
  } catch {
    /* not JSON */
  }
  throw new ApiError(res.status, err?.error?.code ?? `http_${res.status}`, err?.error?.message ?? res.statusText, err?.error?.fields ?? [], err?.error?.details ?? {})
}

export const evidenceApi = {
  declare: (communeId: string, year: number, file: { indicatorId: string; filename: string; contentType: string; size: number; sha256: string }) =>
    request<{ evidence: Evidence; upload: UploadTarget }>('POST', base(communeId, year), file),
  renew: (communeId: string, year: number, id: string) =>
    request<{ evidence: Evidence; upload: UploadTarget }>('POST', `${base(communeId, year)}/${encodeURIComponent(id)}/upload`),
  complete: (communeId: string, year: number, id: string) =>
    request<{ evidence: Evidence }>('POST', `${base(communeId, year)}/${encodeURIComponent(id)}/complete`),
  list: (communeId: string, year: number) => request<{ indicators: Record<string, EvidenceView[]> }>('GET', base(communeId, year)),
  remove: (communeId: string, year: number, id: string) => request<unknown>('DELETE', `${base(communeId, year)}/${encodeURIComponent(id)}`),
}

/** PUT the bytes where the server said, with exactly its headers (they are signed). Rejects with ApiError. */
export function putBytes(target: UploadTarget, blob: Blob, onProgress?: (share: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(target.method, new URL(target.url, baseUrl).href)
    for (const [k, v] of Object.entries(target.headers)) xhr.setRequestHeader(k, v)
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total)
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status, `http_${xhr.status}`, xhr.statusText))
    xhr.onerror = xhr.onabort = xhr.ontimeout = () => reject(new ApiError(0, 'network', 'upload interrupted'))
    xhr.send(blob)
  })
}

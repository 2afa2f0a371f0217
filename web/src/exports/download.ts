import { ApiError, baseUrl } from '../api/client'
import { token } from '../auth'
import { saveFile } from '../ui/save-file'

/*
 * Downloads go through fetch, not a plain link: the API takes the login token in the Authorization header (no
 * cookies), which a link cannot send. The body becomes a Blob, saved (ui/save-file) under the server's file name
 * (Content-Disposition's RFC 5987 filename*, diacritics included).
 */

export type ExportFormat = 'csv' | 'xlsx'

/** The file name of a Content-Disposition header: filename* (UTF-8) first, then the plain one. */
export function filenameOf(header: string | null): string | undefined {
  if (!header) return undefined
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      /* malformed: fall back to the plain name */
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? undefined
}

export async function downloadExport(format: ExportFormat, year: number, unitId: string | undefined): Promise<string> {
  const query = new URLSearchParams({ year: String(year), ...(unitId ? { unitId } : {}) })
  const tk = token()
  let res: Response
  try {
    res = await fetch(`${baseUrl}/api/exports/assessments.${format}?${query}`, { headers: tk ? { Authorization: `Bearer ${tk}` } : {} })
  } catch {
    throw new ApiError(0, 'network', 'network error')
  }
  if (!res.ok) {
    let body: { error?: { code?: string; message?: string } } | undefined
    try {
      body = (await res.json()) as typeof body
    } catch {
      /* not our JSON */
    }
    throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? res.statusText)
  }
  // A stream aborted by the server (storage failed mid-way) rejects here: no half file is saved.
  const blob = await res.blob()
  const filename = filenameOf(res.headers.get('content-disposition')) ?? `xa-so-${year}${unitId ? `-${unitId}` : ''}.${format}`
  saveFile(filename, blob)
  return filename
}

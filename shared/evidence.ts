import { z } from 'zod'
import type { FieldIssue } from './errors'

/*
 * Evidence files attached to an indicator (issue 5 "Evidence"). Pure and browser-safe: the server enforces these
 * limits, and the web app can check the same ones before spending a 3G upload on a file that would be refused.
 */

const MB = 1024 * 1024

/** Accepted types and the largest file of each. Photos are re-encoded in the browser long before 5 MB. */
export const EVIDENCE_MAX_BYTES = {
  'image/jpeg': 5 * MB,
  'image/png': 5 * MB,
  'image/webp': 5 * MB,
  'application/pdf': 10 * MB,
} as const
export type EvidenceContentType = keyof typeof EVIDENCE_MAX_BYTES
export const EVIDENCE_CONTENT_TYPES = Object.keys(EVIDENCE_MAX_BYTES) as EvidenceContentType[]

/** Files (pending or stored) per indicator of one assessment. */
export const EVIDENCE_MAX_FILES_PER_INDICATOR = 20
export const EVIDENCE_FILENAME_MAX = 200

export const isEvidenceContentType = (value: string): value is EvidenceContentType =>
  Object.prototype.hasOwnProperty.call(EVIDENCE_MAX_BYTES, value)

export const EvidenceStatus = z.enum(['pending', 'stored'])
export type EvidenceStatus = z.infer<typeof EvidenceStatus>

export const Evidence = z.object({
  id: z.string(),
  communeId: z.string(),
  year: z.number().int(),
  indicatorId: z.string(),
  filename: z.string(),
  contentType: z.enum(EVIDENCE_CONTENT_TYPES as [EvidenceContentType, ...EvidenceContentType[]]),
  size: z.number().int(),
  /** `pending` until the upload is confirmed (…/complete); only `stored` files are shown to reviewers. */
  status: EvidenceStatus,
  /**
   * SHA-256 of the bytes (64 lower-case hex digits), declared by the browser before the upload and bound into the
   * upload URL: the store accepts those bytes only, once. Absent on files declared before hashes were required.
   */
  sha256: z.string().optional(),
  by: z.string(),
  at: z.string(),
})
export type Evidence = z.infer<typeof Evidence>

// Control characters, path separators and characters Windows refuses in names. Vietnamese letters (and any
// other letter) are kept: "Quyết định 12.pdf" must stay readable to the reviewer.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]/g
/**
 * Bidirectional-text controls (ALM, LRM, RLM, embeddings and overrides U+202A–E, isolates U+2066–9): a right-to-left
 * override makes "hóa-đơn\u202Efdp.exe" read as "hóa-đơnexe.pdf". Removed, not replaced: what is left is the
 * name in its real order.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
export const SHA256_HEX = /^[0-9a-f]{64}$/

/** A name without bidi controls, for display of names stored before they were cleaned. */
export const withoutBidiControls = (name: string) => name.replace(BIDI_CONTROLS, '')

/**
 * The name the file is stored and downloaded under: the last path segment only (browsers on some phones send
 * "C:\\fakepath\\x.jpg" or a full path), NFC so a name typed with a macOS/iOS keyboard (decomposed tones) matches
 * the same name typed on Android, unsafe characters replaced, whitespace collapsed, at most 200 characters with the
 * extension kept. Empty when nothing usable is left.
 */
export function sanitizeFilename(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? ''
  let name = withoutBidiControls(last.normalize('NFC')).replace(UNSAFE, '_').replace(/\s+/g, ' ').trim()
  // A name made only of dots ("..", ".") is a path, not a file name.
  name = name.replace(/^\.+/, (dots) => (dots.length === name.length ? '' : dots))
  const chars = Array.from(name)
  if (chars.length <= EVIDENCE_FILENAME_MAX) return name
  const dot = name.lastIndexOf('.')
  const ext = dot > 0 ? Array.from(name.slice(dot)) : []
  if (ext.length > 0 && ext.length <= 10)
    return chars.slice(0, EVIDENCE_FILENAME_MAX - ext.length).join('').trimEnd() + ext.join('')
  return chars.slice(0, EVIDENCE_FILENAME_MAX).join('').trimEnd()
}

/** What the server checks about a declared file before handing out an upload URL (besides the indicator). */
export function evidenceFileIssues(file: { filename: string; contentType: string; size: number; sha256?: string }): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (file.sha256 === undefined || !SHA256_HEX.test(file.sha256))
    issues.push({
      field: 'sha256',
      code: 'invalid_sha256',
      message: {
        vi: 'Thiếu mã SHA-256 của tệp (64 chữ số hex)',
        en: 'sha256 must be the SHA-256 of the file as 64 lower-case hex digits',
      },
    })
  if (sanitizeFilename(file.filename) === '')
    issues.push({
      field: 'filename',
      code: 'invalid_filename',
      message: { vi: 'Tên tệp không hợp lệ', en: 'The file name is empty or not usable' },
    })
  if (!isEvidenceContentType(file.contentType)) {
    issues.push({
      field: 'contentType',
      code: 'unsupported_type',
      message: {
        vi: 'Chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF',
        en: `Only ${EVIDENCE_CONTENT_TYPES.join(', ')} files are accepted (got "${file.contentType}")`,
      },
    })
  } else if (file.size > EVIDENCE_MAX_BYTES[file.contentType]) {
    const limitMb = EVIDENCE_MAX_BYTES[file.contentType] / MB
    issues.push({
      field: 'size',
      code: 'too_big',
      message: {
        vi: `Tệp quá lớn: tối đa ${limitMb} MB cho loại này`,
        en: `The file is too large: at most ${limitMb} MB for ${file.contentType} (got ${file.size} bytes)`,
      },
    })
  }
  return issues
}

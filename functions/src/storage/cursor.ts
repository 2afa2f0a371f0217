// The queue's opaque paging cursor: DynamoDB's LastEvaluatedKey as base64url JSON. A cursor comes back from the
// client, so it is checked before it reaches DynamoDB: a tampered or foreign one is a 400 naming `cursor`, never
// a ValidationException (500) and never a key outside the partition being listed.
import { AppError } from '../../../shared/errors'

export const encodeCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk']

/**
 * The key inside `cursor`, provided it is exactly a gsi1 key whose attributes equal `equal` and start with
 * `startsWith` (the partition and status prefix of the listing it claims to continue).
 */
export function decodeCursor(
  cursor: string,
  equal: Record<string, string>,
  startsWith: Record<string, string> = {},
): Record<string, string> {
  let key: unknown
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url')
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid()
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalid()
  const entries = Object.entries(key)
  const wellFormed =
    entries.length === KEY_ATTRIBUTES.length &&
    entries.every(([k, v]) => KEY_ATTRIBUTES.includes(k) && typeof v === 'string' && v.length > 0 && v.length <= 1024)
  const record = key as Record<string, string>
  if (
    !wellFormed ||
    Object.entries(equal).some(([k, v]) => record[k] !== v) ||
    Object.entries(startsWith).some(([k, v]) => !record[k]!.startsWith(v))
  )
    throw invalid()
  return record
}

function invalid(): AppError {
  return new AppError('validation', 'The paging cursor is not one this listing returned', {
    fields: [
      {
        field: 'cursor',
        code: 'invalid_cursor',
        message: { vi: 'Con trỏ phân trang không hợp lệ', en: 'Invalid paging cursor for this listing' },
      },
    ],
  })
}

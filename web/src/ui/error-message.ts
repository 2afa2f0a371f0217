import type { FieldIssue } from '../../../shared/errors'
import { ApiError } from '../api/client'
import { l, t } from '../i18n'

/** What to say for one case: a sentence, or a function of the error (undefined: not this case, look further). */
type Say = string | ((e: ApiError) => string | undefined)

/** A screen's own words for some failures; everything it does not name gets the common sentence. */
export type ErrorWords = {
  /** by the server's error code (shared/errors.ts), looked at first */
  code?: Partial<Record<string, Say>>
  /** by HTTP status, after the codes */
  status?: Partial<Record<number, Say>>
  /** when the server named bad fields: default their messages (they are sentences in both languages); false: ignore */
  fields?: false | ((fields: FieldIssue[], e: ApiError) => string)
  /** a failure none of the above names (default: "something went wrong") */
  other?: Say
  /** an exception that is no API answer at all (default: "something went wrong") */
  thrown?: string
}

/** The server's per-field messages in the user's language, one after another. */
export const fieldMessages = (fields: readonly FieldIssue[]): string => fields.map((f) => l(f.message)).join(' ')

/**
 * A failed call in the user's language, the one function every screen uses: the screen's words for the codes and
 * statuses it knows, then the server's field messages, then the common sentences (no connection, not allowed, not
 * found, something went wrong).
 */
export function errorMessage(e: unknown, words: ErrorWords = {}): string {
  if (!(e instanceof ApiError)) return words.thrown ?? t('errGeneric')
  const say = (s: Say | undefined) => (typeof s === 'function' ? s(e) : s)
  const fields = words.fields === false || e.fields.length === 0 ? undefined : (words.fields ?? fieldMessages)(e.fields, e)
  return (
    say(words.code?.[e.code]) ??
    say(words.status?.[e.status]) ??
    fields ??
    (e.isNetwork ? t('errNetwork') : e.status === 403 ? t('errForbidden') : e.status === 404 ? t('errNotFound') : undefined) ??
    say(words.other) ??
    t('errGeneric')
  )
}

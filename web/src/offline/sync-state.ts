import type { Localized } from '../../../shared/i18n'
import { ApiError } from '../api/client'

/** Why a send failed, in words the officer can act on (offline/field-sync.tsx renders it). */
export type SendFailure =
  | { kind: 'offline' }
  | { kind: 'server'; status: number }
  | { kind: 'auth' }
  | { kind: 'forbidden' }
  | { kind: 'closed' }
  | { kind: 'conflict' }
  | { kind: 'invalid' }
  | { kind: 'rejected'; message?: Localized }

export function failureOf(e: unknown): SendFailure {
  const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e))
  if (err.status === 0) return { kind: 'offline' }
  if (err.status === 401) return { kind: 'auth' }
  if (err.status === 403) return { kind: 'forbidden' }
  if (err.code === 'version_conflict') return { kind: 'conflict' }
  if (err.status === 409) return { kind: 'closed' }
  if (err.status === 400 || err.status === 422) return { kind: 'rejected', ...(err.fields[0] ? { message: err.fields[0].message } : {}) }
  return { kind: 'server', status: err.status }
}

/**
 * Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 2 minutes, ±25 % so that a hundred phones coming
 * back into coverage at once do not retry in step. `online` and returning to the app retry at once anyway.
 */
export function backoffMs(failures: number): number {
  const base = Math.min(2_000 * 2 ** Math.min(failures, 10), 120_000)
  return Math.round(base * (0.75 + Math.random() * 0.5))
}

import type { FieldKey, FieldValue } from './values'

// The safety net for weak 3G: every edit is written here synchronously, before any request, and removed
// only once the server has acknowledged that exact value. A reload, a crashed tab or a failed request
// therefore never loses typing. `base` is the server's value when the officer started editing the field,
// which is what lets a later version conflict tell "changed elsewhere" from "only changed here".
export type OutboxEntry = { value: FieldValue; base: FieldValue }
export type Outbox = { baseVersion: number; changes: Partial<Record<FieldKey, OutboxEntry>> }

const keyOf = (communeId: string, year: number) => `xaso:outbox:${communeId}:${year}`

export function readOutbox(communeId: string, year: number): Outbox | undefined {
  try {
    const raw = localStorage.getItem(keyOf(communeId, year))
    if (!raw) return undefined
    const parsed = JSON.parse(raw) as Outbox
    if (typeof parsed.baseVersion !== 'number' || typeof parsed.changes !== 'object') return undefined
    return parsed
  } catch {
    return undefined
  }
}

export function writeOutbox(communeId: string, year: number, outbox: Outbox) {
  try {
    if (Object.keys(outbox.changes).length === 0) localStorage.removeItem(keyOf(communeId, year))
    else localStorage.setItem(keyOf(communeId, year), JSON.stringify(outbox))
  } catch {
    // Storage full or blocked: the edit is still in memory and will be sent; nothing better to do here.
  }
}

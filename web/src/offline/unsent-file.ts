import type { Rubric } from '../../../shared/rubric/schema'
import { baseUrl } from '../api/client'
import { describeField, describeValue } from '../assessment/describe'
import { fmtDateTime, t } from '../i18n'
import { toCsv } from '../ui/csv'
import { allUnsentEdits, loadSnapshot } from './outbox-store'

/*
 * The login page's file of every value this phone holds unsent. An officer whose account was deactivated (a
 * merge that did not move them, a transfer) can no longer sign in to send them; the file lets the values reach
 * someone who can type them in. Built from the device alone, offline: the labels come from what the service
 * worker kept of the last rubric and /me reads (vite.config.ts runtimeCaching, cache "xaso-api"), ids where it
 * kept nothing. Nothing is removed from the phone.
 */

type CachedMe = { orgUnit?: { id: string; name: string } | null; communes?: { id: string; name: string }[]; predecessors?: { id: string; name: string }[] }

/** A read the service worker kept (logout forgets them: offline/forget-reads.ts), or undefined. */
async function cachedRead<T>(path: string): Promise<T | undefined> {
  try {
    if (!('caches' in globalThis)) return undefined
    // The page sent the read with its bearer token; the key is the URL.
    const res = await caches.match(`${baseUrl}/api${path}`, { cacheName: 'xaso-api', ignoreVary: true })
    return res?.ok ? ((await res.json()) as T) : undefined
  } catch {
    return undefined
  }
}

export type UnsentFile = { filename: string; csv: string; count: number }

/** Every unsent value on this device as CSV rows (UTF-8 with BOM, for Excel), one per field, by commune and year. */
export async function unsentFile(now = new Date()): Promise<UnsentFile> {
  const groups = await allUnsentEdits()
  const me = await cachedRead<CachedMe>('/me')
  const names = new Map<string, string>()
  for (const u of [...(me?.communes ?? []), ...(me?.predecessors ?? []), ...(me?.orgUnit ? [me.orgUnit] : [])]) names.set(u.id, u.name)
  const rubrics = new Map<number, Rubric | undefined>()
  const rows: (string | number)[][] = [
    [t('unsentFileCommune'), t('unsentFileCommuneId'), t('unsentFileYear'), t('unsentFileField'), t('unsentFileValue'), t('unsentFileTypedAt'), t('unsentFileKey'), t('unsentFileRaw')],
  ]
  let count = 0
  for (const g of groups.sort((a, b) => a.communeId.localeCompare(b.communeId) || a.year - b.year)) {
    if (!rubrics.has(g.year)) rubrics.set(g.year, await cachedRead<Rubric>(`/rubrics/${g.year}`))
    const rubric = rubrics.get(g.year)
    // The last server copy on this phone names the commune's villages.
    const roster = (await loadSnapshot(g.communeId, g.year))?.roster
    for (const e of g.edits.sort((a, b) => a.key.localeCompare(b.key))) {
      count++
      rows.push([
        names.get(g.communeId) ?? '',
        g.communeId,
        g.year,
        describeField(rubric, e.key, roster),
        describeValue(rubric, e.key, e.value),
        e.at > 0 ? fmtDateTime(new Date(e.at).toISOString()) : '',
        e.key,
        // Exactly what was typed, for whoever enters it again: the words above round nothing, but notes and
        // village rows are easier to copy from here.
        JSON.stringify(e.value),
      ])
    }
  }
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
  return { filename: `xaso-chua-gui-${day}.csv`, csv: toCsv(rows), count }
}

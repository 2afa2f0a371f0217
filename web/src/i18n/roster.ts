import { lang } from '.'
import { rosterDictionaries, type RosterMessageKey } from './dict-roster'

export type { RosterMessageKey }

/** `t()` for the village roster's strings (dict-roster.ts): same language signal, same {placeholders}. */
export function tr(key: RosterMessageKey, params?: Record<string, string | number>): string {
  const text = rosterDictionaries[lang()][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

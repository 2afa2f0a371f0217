import { lang } from '.'
import { officerDictionaries, type OfficerMessageKey } from './dict-officer'

export type { OfficerMessageKey }

/** `t()` for the officer form's own strings (dict-officer.ts): same language signal, same {placeholders}. */
export function to(key: OfficerMessageKey, params?: Record<string, string | number>): string {
  const text = officerDictionaries[lang()][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

import { lang } from '.'
import { fieldDictionaries, type FieldMessageKey } from './dict-field'

export type { FieldMessageKey }

/** `t()` for the offline and evidence pieces: same language signal, same {placeholder} filling. */
export function tf(key: FieldMessageKey, params?: Record<string, string | number>): string {
  const text = fieldDictionaries[lang()][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

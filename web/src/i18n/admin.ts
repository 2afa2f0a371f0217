import { lang } from '.'
import { adminDictionaries, type AdminKey } from './dict-admin'

export type { AdminKey }

/** `t()` for the on-demand administration screens: same language signal, same {placeholder} filling. */
export function ta(key: AdminKey, params?: Record<string, string | number>): string {
  const text = adminDictionaries[lang()][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

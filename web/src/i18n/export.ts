import { lang } from '.'
import { exportDictionaries, type ExportKey } from './dict-export'

export type { ExportKey }

/** `t()` for the on-demand exports page: same language signal, same {placeholder} filling. */
export function tx(key: ExportKey, params?: Record<string, string | number>): string {
  const text = exportDictionaries[lang()][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

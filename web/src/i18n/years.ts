import { lang } from '.'
import { yearsDictionaries, type YearsKey } from './dict-years'

export type { YearsKey }

/** `t()` for the on-demand survey-years screen: same language signal, same {placeholder} filling. */
export function ty(key: YearsKey, params?: Record<string, string | number>): string {
  const text = yearsDictionaries[lang()][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

import { lang } from '.'
import { reviewDictionaries, type ReviewKey } from './dict-review'

export type { ReviewKey }

/** `t()` for the on-demand review pages: same language signal, same {placeholder} filling. */
export function tr(key: ReviewKey, params?: Record<string, string | number>): string {
  const text = reviewDictionaries[lang()][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

import { lang } from '.'
import { dashboardDictionaries, type DashboardKey } from './dict-dashboard'

export type { DashboardKey }

/** `t()` for the on-demand dashboard: same language signal, same {placeholder} filling. */
export function td(key: DashboardKey, params?: Record<string, string | number>): string {
  const text = dashboardDictionaries[lang()][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

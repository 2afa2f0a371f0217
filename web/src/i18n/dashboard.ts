import { translator } from '.'
import { dashboardDictionaries, type DashboardKey } from './dict-dashboard'

export type { DashboardKey }

/** `t()` for the on-demand dashboard: same language signal, same {placeholder} filling. */
export const td = translator<DashboardKey>(dashboardDictionaries)

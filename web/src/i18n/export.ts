import { translator } from '.'
import { exportDictionaries, type ExportKey } from './dict-export'

export type { ExportKey }

/** `t()` for the on-demand exports page: same language signal, same {placeholder} filling. */
export const tx = translator<ExportKey>(exportDictionaries)

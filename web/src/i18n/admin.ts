import { translator } from '.'
import { adminDictionaries, type AdminKey } from './dict-admin'

export type { AdminKey }

/** `t()` for the on-demand administration screens: same language signal, same {placeholder} filling. */
export const ta = translator<AdminKey>(adminDictionaries)

import { translator } from '.'
import { reviewDictionaries, type ReviewKey } from './dict-review'

export type { ReviewKey }

/** `t()` for the on-demand review pages: same language signal, same {placeholder} filling. */
export const tr = translator<ReviewKey>(reviewDictionaries)

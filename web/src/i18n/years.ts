import { translator } from '.'
import { yearsDictionaries, type YearsKey } from './dict-years'

export type { YearsKey }

/** `t()` for the on-demand survey-years screen: same language signal, same {placeholder} filling. */
export const ty = translator<YearsKey>(yearsDictionaries)

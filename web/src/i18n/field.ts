import { translator } from '.'
import { fieldDictionaries, type FieldMessageKey } from './dict-field'

export type { FieldMessageKey }

/** `t()` for the offline and evidence pieces: same language signal, same {placeholder} filling. */
export const tf = translator<FieldMessageKey>(fieldDictionaries)

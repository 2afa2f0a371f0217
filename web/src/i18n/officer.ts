import { translator } from '.'
import { officerDictionaries, type OfficerMessageKey } from './dict-officer'

export type { OfficerMessageKey }

/** `t()` for the officer form's own strings (dict-officer.ts): same language signal, same {placeholders}. */
export const to = translator<OfficerMessageKey>(officerDictionaries)

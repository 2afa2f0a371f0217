import type { Rubric } from '../../../shared/rubric/schema'
import type { RosterOperator } from '../../../shared/roster'

/** The rubric's `roster` section: present for years whose indicators are derived from the village list. */
export type RosterConfig = { operators: RosterOperator[] }

export const rosterConfig = (rubric: Rubric): RosterConfig | undefined => (rubric as { roster?: RosterConfig }).roster

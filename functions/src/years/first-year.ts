import type { Rubric } from '../../../shared/rubric/schema'
import type { SurveyYear } from '../../../shared/survey-year'
import { createdIfAbsent } from '../storage/if-absent'
import type { Store } from '../storage/store'

/**
 * For the seed and provisioning (no administrator is logged in yet): opens `year` with its deadline, publishing
 * `rubric` as the year's first version when the year has none. Idempotent: an open year is left as it is.
 * Returns whether this call opened it.
 */
export async function openFirstYear(store: Store, opts: { year: number; deadline: string; rubric: Rubric; now: Date }): Promise<boolean> {
  if (await store.surveyYears.get(opts.year)) return false
  const at = opts.now.toISOString()
  const by = { by: 'system', byName: 'Hệ thống / System' }
  const existing = await store.rubrics.get(opts.year)
  const year: SurveyYear = { year: opts.year, deadline: opts.deadline, openedAt: at, openedBy: by.by, openedByName: by.byName, updatedAt: at, extensions: {} }
  const first = existing ? undefined : { rubric: { ...opts.rubric, year: opts.year, version: 1 }, published: { at, ...by, source: 'default' as const } }
  return createdIfAbsent(
    store.surveyYears.open(year, { year: opts.year, action: 'opened', at, ...by, to: opts.deadline, rubricVersion: existing?.version ?? 1 }, first),
  )
}

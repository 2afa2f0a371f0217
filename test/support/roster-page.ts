// The village roster as an officer keeps it on the form (web/src/roster/roster-section.tsx): add a village by name
// and kind, then set its signal per operator and tick its flags in the village's editor. For the browser tests that
// must enter villages where the round's rubric computes answers from the roster (the default from 2026) instead of
// typing them.
import type { Page } from 'playwright-core'
import type { CoverageLevel, Village, VillageKind } from '../../shared/roster'
import { RosterFlag, type Rubric } from '../../shared/rubric/schema'
import { flattenIndicators } from '../../shared/rubric/walk'
import { byId, poll } from './officer-page'

/**
 * Adds a village through the form's "add" line, as an officer does; the page opens the new village's editor.
 * Returns the id the page gave it.
 */
export async function addVillage(page: Page, name: string, kind: VillageKind = 'thon'): Promise<string> {
  await page.locator('#vl-add-name').fill(name)
  await page.locator('#vl-add-kind').selectOption(kind)
  await page.getByTestId('village-add').click()
  // One editor is open at a time: the new village's, headed by its name.
  const editor = page.locator('[data-testid^="village-edit-"]')
  await poll(() => editor.locator('strong').first().innerText()).toBe(name)
  return (await editor.getAttribute('data-testid'))!.slice('village-edit-'.length)
}

/**
 * What one village needs for every roster-computed indicator of `rubric` at its best, read from the rubric's own
 * conditions: each flag they test ticked, and the highest signal level they ask for (4G when none) on every
 * operator the rubric lists. (The shipped rubrics reward a village having these; none rewards lacking one.)
 */
export function bestVillage(rubric: Rubric): Pick<Village, 'coverage'> & Partial<Record<RosterFlag, true>> {
  const levels: CoverageLevel[] = ['2g', '3g', '4g', '5g']
  const flags = new Set<RosterFlag>()
  let level: CoverageLevel = '4g'
  for (const { indicator } of flattenIndicators(rubric)) {
    if (indicator.input.kind !== 'roster') continue
    for (const c of indicator.input.where)
      if (c.test === 'flag') flags.add(c.flag)
      else if (levels.indexOf(c.atLeast) > levels.indexOf(level)) level = c.atLeast
  }
  const coverage = Object.fromEntries((rubric.roster?.operators ?? []).map((o) => [o.id, { level }]))
  return { coverage, ...Object.fromEntries([...flags].map((f) => [f, true as const])) }
}

/** Sets, in the open editor of village `id`, its signal per operator and its flags as `village` has them. */
export async function fillVillage(page: Page, id: string, village: ReturnType<typeof bestVillage>): Promise<void> {
  for (const [operator, { level }] of Object.entries(village.coverage)) await byId(page, `v-${id}-cov-${operator}`).selectOption(level)
  for (const flag of RosterFlag.options)
    if (village[flag]) await byId(page, `v-${id}-${flag}`).check()
}

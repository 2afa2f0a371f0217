import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { defaultRubricFor } from '../../../shared/rubric/default'
import type { Rubric } from '../../../shared/rubric/schema'
import { rubricForYear } from '../../../shared/rubric/edit'
import { addDays, deadlineIssues, vietnamDate } from '../../../shared/survey-year'
import { openFirstYear } from '../years/first-year'
import { createdIfAbsent } from '../storage/if-absent'
import type { OrgUnit, Store } from '../storage/store'

/*
 * A deployed province starts with an empty table and no demo data. This puts in what the first login needs:
 * the province, its review units and communes (from a JSON file the province prepares), the default rubric
 * of the year, the first survey year (open, with a deadline), and one administrator whose generated password is shown once. Idempotent: re-running adds
 * what is missing and never replaces a user or a published rubric.
 */

const UnitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-"')

export const ProvinceUnits = z.object({
  province: z.object({ id: UnitId, name: z.string().min(1).max(120), code: z.string().max(16).optional() }),
  units: z
    .array(
      z.object({
        id: UnitId,
        kind: z.enum(['district', 'commune']),
        name: z.string().min(1).max(120),
        parentId: UnitId,
        code: z.string().max(16).optional(),
      }),
    )
    .max(20_000),
})
export type ProvinceUnits = z.infer<typeof ProvinceUnits>

export type ProvisionInput = {
  units: ProvinceUnits
  admin: { username: string; name: string }
  rubric?: Rubric
  /** The first survey year to open (default: the rubric's year) and its deadline (default: 60 days from now). */
  survey?: { year?: number; deadline?: string }
  hashPassword(plain: string): Promise<string>
  now?: Date
}

export type ProvisionResult = { units: number; rubricStored: boolean; yearOpened: boolean; adminCreated: boolean; adminPassword?: string }

/** Every unit's parent must be the province or a district listed before it; the file is rejected whole otherwise. */
export function checkHierarchy(data: ProvinceUnits): string[] {
  const problems: string[] = []
  const kinds = new Map<string, string>([[data.province.id, 'province']])
  data.units.forEach((u, i) => {
    if (kinds.has(u.id)) problems.push(`units.${i}.id: duplicate id "${u.id}"`)
    const parentKind = kinds.get(u.parentId)
    if (!parentKind) problems.push(`units.${i}.parentId: "${u.parentId}" is not the province or a district listed earlier`)
    else if (u.kind === 'district' && parentKind !== 'province') problems.push(`units.${i}: a district's parent must be the province`)
    else if (u.kind === 'commune' && parentKind !== 'district') problems.push(`units.${i}: a commune's parent must be a district or review area`)
    kinds.set(u.id, u.kind)
  })
  return problems
}

export async function provisionProvince(store: Store, input: ProvisionInput): Promise<ProvisionResult> {
  const now = input.now ?? new Date()
  // Without a rubric of its own the province starts from the shipped default of its survey year (2025 when none).
  const baseRubric = input.rubric ?? defaultRubricFor(input.survey?.year ?? 2025)
  const surveyYear = input.survey?.year ?? baseRubric.year
  const deadline = input.survey?.deadline ?? addDays(vietnamDate(now), 60)
  const deadlineProblems = deadlineIssues(surveyYear, deadline, now)
  if (deadlineProblems.length > 0) throw new AppError('validation', `Deadline ${deadline}: ${deadlineProblems.map((p) => p.message.en).join('; ')}`)
  const problems = checkHierarchy(input.units)
  if (problems.length > 0) throw new AppError('validation', `The units file has ${problems.length} problem(s):\n${problems.join('\n')}`)
  const province: OrgUnit = { kind: 'province', ...input.units.province }
  await store.orgUnits.put(province)
  for (const u of input.units.units) await store.orgUnits.put(u)

  // The shipped rubric is 2025's; a province starting in a later year gets it as that year's first version.
  const rubric = surveyYear === baseRubric.year ? baseRubric : rubricForYear(baseRubric, surveyYear)
  let rubricStored = false
  if (!(await store.rubrics.get(rubric.year))) rubricStored = await createdIfAbsent(store.rubrics.put(rubric))
  const yearOpened = await openFirstYear(store, { year: surveyYear, deadline, rubric, now })

  let adminPassword: string | undefined
  let adminCreated = false
  if (!(await store.users.getByUsername(input.admin.username))) {
    const password = randomBytes(12).toString('base64url')
    adminCreated = await createdIfAbsent(
      store.users.put({
        id: `u-${randomBytes(8).toString('hex')}`,
        username: input.admin.username,
        name: input.admin.name,
        role: 'admin',
        orgUnitId: province.id,
        passwordHash: await input.hashPassword(password),
        active: true,
        // The password was printed on the operator's terminal: the administrator replaces it at first login.
        mustChangePassword: true,
      }),
    )
    if (adminCreated) adminPassword = password
  }
  return { units: input.units.units.length + 1, rubricStored, yearOpened, adminCreated, ...(adminPassword ? { adminPassword } : {}) }
}

/*
 * Survey years and rubric versions (docs/ADMIN.md "Survey years and rubrics"). An administrator opens a year
 * with its first rubric version and a deadline, moves the deadline, grants or revokes per-commune extensions, and
 * publishes rubric versions (uploaded JSON, or thresholds/points edited in a form), after previewing how last
 * year's assessments would score. Every change is logged with who, when and why.
 *
 * Freeze rule: a published version is never changed (storage refuses to overwrite one); every change publishes
 * version n+1, which becomes the year's current rubric. Drafts follow the current version; a submitted assessment
 * keeps the version it was submitted with (assessments/service.ts rubricOf).
 */
import type { Assessment } from '../../../shared/assessment'
import { AppError, fieldIssue as issue, type FieldIssue } from '../../../shared/errors'
import { defaultRubricFor } from '../../../shared/rubric/default'
import { applyScoringEdits, rubricForYear, rubricProblemFields, type ScoringEdits } from '../../../shared/rubric/edit'
import { previewRow, previewSummary, type PreviewRow, type PreviewSummary } from '../../../shared/rubric/preview'
import type { Rubric } from '../../../shared/rubric/schema'
import { validateRubric } from '../../../shared/rubric/validate'
import { deadlineIssues, extensionIssues, type SurveyLogEntry, type SurveyYear } from '../../../shared/survey-year'
import { assertAdmin, assertAdminOfUnit } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { RubricPublication, RubricVersionInfo, Store } from '../storage/store'
import { actorOf } from '../auth/workflow-guard'
import { currentVersion } from './public'

export { publicYears, type PublicYear } from './public'

export type RubricSourceChoice = 'default' | 'copy' | 'upload' | 'existing'
export type OpenYearBody = { year: number; deadline: string; rubricSource: RubricSourceChoice; copyFrom?: number; rubric?: unknown }

export type AdminYear = SurveyYear & { rubricVersion: number | null }
export type YearDetail = AdminYear & { versions: RubricVersionInfo[]; log: SurveyLogEntry[] }
export type Preview = { comparedYear: number; rows: (PreviewRow & { communeName: string })[]; summary: PreviewSummary }

const invalid = (message: string, fields: FieldIssue[]) => new AppError('validation', message, { fields })

async function openYearOr404(store: Store, year: number): Promise<SurveyYear> {
  const found = await store.surveyYears.get(year)
  if (!found) throw new AppError('not_found', `Survey year ${year} is not open`)
  return found
}

export async function listYears(store: Store, who: Principal): Promise<AdminYear[]> {
  await assertAdmin(store, who)
  const years = await store.surveyYears.list()
  return Promise.all(years.map(async (y) => ({ ...y, rubricVersion: await currentVersion(store, y.year) })))
}

export async function yearDetail(store: Store, who: Principal, year: number): Promise<YearDetail> {
  await assertAdmin(store, who)
  const found = await openYearOr404(store, year)
  const [versions, log] = await Promise.all([store.rubrics.listVersions(year), store.surveyYears.log(year)])
  return { ...found, rubricVersion: versions.at(-1)?.version ?? null, versions, log }
}

/** An uploaded rubric for `year`: the server sets year and version; every problem is reported at once (422). */
function checkedUpload(input: unknown, year: number, version: number, prefix: string): Rubric {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new AppError('invalid_rubric', 'The rubric must be a JSON object', {
      fields: [issue(prefix.replace(/\.$/, ''), 'invalid_rubric', 'Bộ tiêu chí phải là một đối tượng JSON', 'The rubric must be a JSON object')],
    })
  const result = validateRubric({ ...input, year, version })
  if (!result.ok)
    throw new AppError('invalid_rubric', `The rubric has ${result.problems.length} problem(s)`, {
      fields: rubricProblemFields(result.problems, { prefix }),
    })
  return result.rubric
}

export async function openYear(store: Store, who: Principal, body: OpenYearBody, now: Date): Promise<YearDetail> {
  await assertAdmin(store, who)
  const [actor, existing, latest] = await Promise.all([actorOf(store, who), store.surveyYears.get(body.year), store.rubrics.get(body.year)])
  const issues = deadlineIssues(body.year, body.deadline, now)
  if (issues.length > 0) throw invalid('Invalid deadline', issues)
  if (existing) throw new AppError('conflict', `Survey year ${body.year} is already open`, { details: { year: body.year } })

  const at = now.toISOString()
  const version = (latest?.version ?? 0) + 1
  let first: { rubric: Rubric; published: RubricPublication } | undefined
  const published = (source: RubricPublication['source'], extra: Partial<RubricPublication> = {}): RubricPublication => ({
    at,
    by: actor.id,
    byName: actor.name,
    source,
    ...extra,
  })
  switch (body.rubricSource) {
    case 'existing':
      if (!latest)
        throw invalid('No rubric for that year yet', [
          issue('rubricSource', 'no_rubric', `Năm ${body.year} chưa có bộ tiêu chí; hãy chọn nguồn khác`, `${body.year} has no rubric yet; choose another source`),
        ])
      break
    case 'default':
      first = { rubric: { ...rubricForYear(defaultRubricFor(body.year), body.year), version }, published: published('default') }
      break
    case 'copy': {
      const fromYear = body.copyFrom ?? body.year - 1
      const source = fromYear === body.year ? undefined : await store.rubrics.get(fromYear)
      if (!source)
        throw invalid('No rubric to copy', [issue('copyFrom', 'no_rubric', `Năm ${fromYear} không có bộ tiêu chí để sao chép`, `${fromYear} has no rubric to copy`)])
      first = { rubric: { ...rubricForYear(source, body.year), version }, published: published('copy', { fromYear, fromVersion: source.version }) }
      break
    }
    case 'upload':
      if (body.rubric === undefined)
        throw invalid('No rubric uploaded', [issue('rubric', 'required', 'Hãy tải lên tệp JSON bộ tiêu chí', 'Upload the rubric JSON')])
      first = { rubric: checkedUpload(body.rubric, body.year, version, 'rubric.'), published: published('upload') }
      break
  }

  const year: SurveyYear = { year: body.year, deadline: body.deadline, openedAt: at, openedBy: actor.id, openedByName: actor.name, updatedAt: at, extensions: {} }
  await store.surveyYears.open(year, {
    year: body.year,
    action: 'opened',
    at,
    by: actor.id,
    byName: actor.name,
    to: body.deadline,
    rubricVersion: first?.rubric.version ?? latest!.version,
  }, first)
  return yearDetail(store, who, body.year)
}

export async function changeDeadline(store: Store, who: Principal, year: number, deadline: string, reason: string | undefined, now: Date): Promise<YearDetail> {
  await assertAdmin(store, who)
  const [actor, current] = await Promise.all([actorOf(store, who), openYearOr404(store, year)])
  const issues = deadlineIssues(year, deadline, now)
  if (issues.length > 0) throw invalid('Invalid deadline', issues)
  const at = now.toISOString()
  await store.surveyYears.change(year, { kind: 'deadline', deadline }, at, {
    year,
    action: 'deadline_changed',
    at,
    by: actor.id,
    byName: actor.name,
    from: current.deadline,
    to: deadline,
    ...(reason ? { reason } : {}),
  })
  return yearDetail(store, who, year)
}

async function communeOfProvince(store: Store, who: Principal, communeId: string): Promise<void> {
  const unit = await assertAdminOfUnit(store, who, communeId)
  if (unit.kind !== 'commune')
    throw invalid('Not a commune', [issue('communeId', 'not_a_commune', `"${communeId}" không phải là xã`, `"${communeId}" is not a commune`)])
}

export async function grantExtension(
  store: Store,
  who: Principal,
  year: number,
  communeId: string,
  body: { until: string; reason: string },
  now: Date,
): Promise<YearDetail> {
  await assertAdmin(store, who)
  const [actor, current] = await Promise.all([actorOf(store, who), openYearOr404(store, year)])
  await communeOfProvince(store, who, communeId)
  const issues = extensionIssues(current, body.until, now)
  if (issues.length > 0) throw invalid('Invalid extension', issues)
  const at = now.toISOString()
  const previous = current.extensions[communeId]
  await store.surveyYears.change(
    year,
    { kind: 'extension', communeId, extension: { until: body.until, reason: body.reason, by: actor.id, byName: actor.name, at } },
    at,
    {
      year,
      action: 'extension_granted',
      at,
      by: actor.id,
      byName: actor.name,
      communeId,
      ...(previous ? { from: previous.until } : {}),
      to: body.until,
      reason: body.reason,
    },
  )
  return yearDetail(store, who, year)
}

export async function revokeExtension(store: Store, who: Principal, year: number, communeId: string, reason: string, now: Date): Promise<YearDetail> {
  await assertAdmin(store, who)
  const [actor, current] = await Promise.all([actorOf(store, who), openYearOr404(store, year)])
  await communeOfProvince(store, who, communeId)
  const previous = current.extensions[communeId]
  if (!previous) throw new AppError('not_found', `Commune "${communeId}" has no extension in ${year}`)
  const at = now.toISOString()
  await store.surveyYears.change(year, { kind: 'extension', communeId, extension: null }, at, {
    year,
    action: 'extension_revoked',
    at,
    by: actor.id,
    byName: actor.name,
    communeId,
    from: previous.until,
    reason,
  })
  return yearDetail(store, who, year)
}

export async function rubricVersion(store: Store, who: Principal, year: number, version: number): Promise<Rubric> {
  await assertAdmin(store, who)
  const rubric = await store.rubrics.getVersion(year, version)
  if (!rubric) throw new AppError('not_found', `No rubric version ${version} for ${year}`)
  return rubric
}

/** The version a change starts from must still be the current one; otherwise someone published meanwhile. */
async function currentForChange(store: Store, year: number, baseVersion: number | undefined): Promise<Rubric> {
  await openYearOr404(store, year)
  const latest = await store.rubrics.get(year)
  if (!latest) throw new AppError('not_found', `No rubric for ${year}`)
  if (baseVersion !== undefined && baseVersion !== latest.version)
    throw new AppError('version_conflict', `Version ${baseVersion} is no longer current (now ${latest.version}); reload`, {
      details: { currentVersion: latest.version },
    })
  return latest
}

async function publish(store: Store, who: Principal, rubric: Rubric, source: RubricPublication['source'], fromVersion: number, now: Date): Promise<RubricVersionInfo> {
  const actor = await actorOf(store, who)
  const at = now.toISOString()
  const published: RubricPublication = { at, by: actor.id, byName: actor.name, source, fromVersion }
  await store.surveyYears.publishRubric(rubric, published, {
    year: rubric.year,
    action: 'rubric_published',
    at,
    by: actor.id,
    byName: actor.name,
    rubricVersion: rubric.version,
    from: String(fromVersion),
    to: String(rubric.version),
  })
  return { year: rubric.year, version: rubric.version, id: rubric.id, title: rubric.title, published }
}

/** POST …/rubrics: an uploaded JSON becomes version n+1. */
export async function uploadRubric(store: Store, who: Principal, year: number, body: { rubric: unknown; baseVersion?: number }, now: Date) {
  await assertAdmin(store, who)
  const latest = await currentForChange(store, year, body.baseVersion)
  const rubric = checkedUpload(body.rubric, year, latest.version + 1, 'rubric.')
  return publish(store, who, rubric, 'upload', latest.version, now)
}

/** PATCH …/rubrics: thresholds/points of the current version, published as version n+1. */
export async function editRubric(store: Store, who: Principal, year: number, body: ScoringEdits & { baseVersion: number }, now: Date) {
  await assertAdmin(store, who)
  const { baseVersion, ...edits } = body
  const latest = await currentForChange(store, year, baseVersion)
  const { rubric: edited, issues } = applyScoringEdits(latest, edits)
  if (issues.length > 0) throw invalid('Some edits name nothing editable', issues)
  const result = validateRubric({ ...edited, version: latest.version + 1 })
  if (!result.ok)
    throw new AppError('invalid_rubric', `The edited rubric has ${result.problems.length} problem(s)`, {
      fields: rubricProblemFields(result.problems, { edited }),
    })
  return publish(store, who, result.rubric, 'edit', latest.version, now)
}

/**
 * POST …/rubrics/preview: every assessment of the year before in the admin's province (drafts left out: they
 * were never complete), scored by the rubric it was scored with and by the candidate. Nothing is written.
 */
export async function previewRubric(store: Store, who: Principal, year: number, candidateInput: unknown): Promise<Preview> {
  const province = await assertAdmin(store, who)
  const candidate = checkedUpload(candidateInput, year, 1, 'rubric.')
  const comparedYear = year - 1
  const reviewUnits = (await store.orgUnits.listChildren(province.id)).filter((u) => u.kind === 'district')
  const [assessments, communes] = await Promise.all([
    Promise.all(reviewUnits.map((u) => store.assessments.listByReviewUnit(comparedYear, u.id))).then((l) => l.flat().filter((a) => a.status !== 'draft')),
    // Names for the table: one Query per review unit, instead of one read per commune.
    Promise.all(reviewUnits.map((u) => store.orgUnits.listChildren(u.id))).then((l) => new Map(l.flat().map((c) => [c.id, c.name]))),
  ])
  const rubrics = new Map<number | undefined, Rubric | undefined>()
  const rubricOf = async (a: Assessment) => {
    if (!rubrics.has(a.rubricVersion))
      rubrics.set(a.rubricVersion, (a.rubricVersion ? await store.rubrics.getVersion(comparedYear, a.rubricVersion) : undefined) ?? (await store.rubrics.get(comparedYear)))
    return rubrics.get(a.rubricVersion)
  }
  const rows: Preview['rows'] = []
  for (const a of assessments) {
    const old = await rubricOf(a)
    if (old) rows.push({ ...previewRow(old, candidate, a), communeName: communes.get(a.communeId) ?? a.communeId })
  }
  rows.sort((a, b) => a.communeId.localeCompare(b.communeId))
  return { comparedYear, rows, summary: previewSummary(rows) }
}

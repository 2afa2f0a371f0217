/*
 * Evidence use cases behind functions/src/evidence/routes.ts. The bytes never pass through the API: a file is
 * declared (checked against the limits and the rubric, recorded as `pending`), uploaded straight to the blob store
 * with a URL that accepts only the declared size and type, then confirmed (`stored`) once the store has it.
 * Scope (who may call) is checked by the routes through auth/scope.ts; editability is checked here and again
 * inside each write's transaction, so a submit racing an upload cannot slip a file past it.
 */
import { randomUUID } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import {
  EVIDENCE_MAX_FILES_PER_INDICATOR,
  evidenceFileIssues,
  sanitizeFilename,
  withoutBidiControls,
  type Evidence,
  type EvidenceContentType,
} from '../../../shared/evidence'
import { indexRubric } from '../../../shared/rubric/walk'
import { villageOfEvidenceTarget } from '../../../shared/roster-validate'
import { villageEvidenceIssue } from '../roster/evidence'
import { TRANSITIONS } from '../../../shared/workflow'
import type { Principal } from '../auth/token'
import { actorOf } from '../auth/workflow-guard'
import type { EvidenceDeletion, EvidenceRules, EvidenceStored } from '../storage/evidence'
import type { Store } from '../storage/store'
import type { BlobStore, DownloadTarget, UploadTarget } from '../blobs/blob-store'

/** Evidence is part of what the officer edits: it may change exactly when the answers may (draft, returned). */
export const EDITABLE_STATUSES: readonly string[] = TRANSITIONS.edit.from

export const EVIDENCE_RULES: EvidenceRules = {
  editableStatuses: EDITABLE_STATUSES,
  maxPerIndicator: EVIDENCE_MAX_FILES_PER_INDICATOR,
}

export type DeclareEvidence = { indicatorId: string; filename: string; contentType: string; size: number; sha256: string }
export type EvidenceWithUpload = { evidence: Evidence; upload: UploadTarget }
export type EvidenceView = Evidence & { download?: DownloadTarget }

/** Where a file's bytes are: one key per file, readable in the bucket console, never reused. */
export const blobKey = (e: Pick<Evidence, 'communeId' | 'year' | 'indicatorId' | 'id'>) =>
  ['evidence', e.communeId, String(e.year), e.indicatorId, e.id].map(encodeURIComponent).join('/')

/** The assessment's current version (0 if never saved), once it is known to be editable. */
async function assertEditable(store: Store, communeId: string, year: number): Promise<number> {
  const assessment = await store.assessments.get(communeId, year)
  const status: string = assessment?.status ?? 'draft'
  if (!EDITABLE_STATUSES.includes(status))
    throw new AppError('not_editable', `The ${year} assessment is ${status}: its evidence can no longer be changed`, {
      details: { status },
    })
  return assessment?.version ?? 0
}

async function mustGet(store: Store, communeId: string, year: number, id: string): Promise<Evidence> {
  const evidence = await store.evidence.get(communeId, year, id)
  if (!evidence) throw new AppError('not_found', `No evidence "${id}" in the ${year} assessment of ${communeId}`)
  return evidence
}

export async function declareEvidence(
  store: Store,
  blobs: BlobStore,
  who: Principal,
  communeId: string,
  year: number,
  input: DeclareEvidence,
  now: Date,
): Promise<EvidenceWithUpload> {
  const contentType = input.contentType.trim().toLowerCase()
  const issues = evidenceFileIssues({ ...input, contentType })
  const rubric = await store.rubrics.get(year)
  if (!rubric) throw new AppError('not_found', `No rubric for ${year}`)
  // A village's photos (issue 13): `village:<villageId>`, checked against the commune's roster.
  const village = await villageEvidenceIssue(store, rubric, communeId, year, input.indicatorId)
  if (village) issues.unshift(village)
  else if (!villageOfEvidenceTarget(input.indicatorId) && !indexRubric(rubric).indicators.has(input.indicatorId))
    issues.unshift({
      field: 'indicatorId',
      code: 'unknown_indicator',
      message: { vi: `Không có chỉ tiêu "${input.indicatorId}" trong bộ tiêu chí ${year}`, en: `No indicator "${input.indicatorId}" in the ${year} rubric` },
    })
  if (issues.length > 0) throw new AppError('validation', issues.map((i) => i.message.en).join('; '), { fields: issues })
  await assertEditable(store, communeId, year)

  const evidence: Evidence = {
    id: randomUUID(),
    communeId,
    year,
    indicatorId: input.indicatorId,
    filename: sanitizeFilename(input.filename),
    contentType: contentType as EvidenceContentType,
    size: input.size,
    sha256: input.sha256,
    status: 'pending',
    by: who.id,
    at: now.toISOString(),
  }
  await store.evidence.create(evidence, EVIDENCE_RULES)
  return { evidence, upload: await blobs.createUpload(blobKey(evidence), { ...evidence, sha256: input.sha256 }) }
}

/** A pending file declared before uploads were bound to a hash: it cannot get a bound URL, so it is declared anew. */
function hashOf(evidence: Evidence): string {
  if (evidence.sha256) return evidence.sha256
  throw new AppError('conflict', 'This pending file was declared without its SHA-256; delete it and add the file again', {
    details: { reason: 'redeclare' },
  })
}

/** A fresh upload URL for a file still pending (the first expired, or the upload failed and is being retried). */
export async function renewUpload(store: Store, blobs: BlobStore, communeId: string, year: number, id: string): Promise<EvidenceWithUpload> {
  const evidence = await mustGet(store, communeId, year, id)
  if (evidence.status !== 'pending') throw new AppError('conflict', 'This file has already been uploaded', { details: { status: evidence.status } })
  await assertEditable(store, communeId, year)
  return { evidence, upload: await blobs.createUpload(blobKey(evidence), { ...evidence, sha256: hashOf(evidence) }) }
}

/**
 * pending → stored once the blob store holds exactly the declared bytes (size, type and the SHA-256 the store
 * computed), with an `evidence_stored` audit event naming the hash; repeating it is harmless.
 */
export async function completeEvidence(
  store: Store,
  blobs: BlobStore,
  who: Principal,
  communeId: string,
  year: number,
  id: string,
  now: Date,
): Promise<Evidence> {
  const evidence = await mustGet(store, communeId, year, id)
  if (evidence.status === 'stored') return evidence
  const [version, actor] = await Promise.all([assertEditable(store, communeId, year), actorOf(store, who)])
  const sha256 = hashOf(evidence)
  const blob = await blobs.head(blobKey(evidence))
  if (!blob)
    throw new AppError('conflict', 'The file has not been uploaded yet; upload it, then confirm', { details: { reason: 'not_uploaded' } })
  const mismatched = [
    ...(blob.size !== evidence.size ? [{ field: 'size', en: `declared ${evidence.size} bytes, received ${blob.size}` }] : []),
    ...(blob.contentType.toLowerCase() !== evidence.contentType
      ? [{ field: 'contentType', en: `declared ${evidence.contentType}, received ${blob.contentType}` }]
      : []),
    ...(blob.sha256 !== sha256 ? [{ field: 'sha256', en: `declared SHA-256 ${sha256}, stored ${blob.sha256 ?? 'without a checksum'}` }] : []),
  ]
  if (mismatched.length > 0) {
    // Both stores refuse such an upload; this is the backstop. The bytes are not what was checked: drop them.
    await blobs.delete(blobKey(evidence))
    throw new AppError('conflict', `The uploaded file is not the declared one (${mismatched.map((m) => m.en).join('; ')}); upload it again`, {
      fields: mismatched.map((m) => ({ field: m.field, code: 'mismatch', message: { vi: 'Tệp tải lên khác với tệp đã khai báo', en: m.en } })),
      details: { reason: 'mismatch' },
    })
  }
  try {
    const { evidence: stored } = await store.evidence.markStored(
      evidence,
      { by: actor.id, byName: actor.name, role: actor.role, at: now.toISOString(), version },
      EVIDENCE_RULES,
    )
    return stored
  } catch (err) {
    // A concurrent confirmation of the same file won (and logged it): same outcome.
    if (err instanceof AppError && err.code === 'conflict' && err.details?.status === 'stored') return { ...evidence, status: 'stored' }
    throw err
  }
}

export type { EvidenceStored }

/**
 * The assessment's files grouped by indicator, oldest first, each stored one with a short-lived download URL.
 * Pending files are shown to the officer only (to retry or delete them); reviewers see what was uploaded.
 */
export async function listEvidence(
  store: Store,
  blobs: BlobStore,
  who: Principal,
  communeId: string,
  year: number,
  indicatorId?: string,
): Promise<{ indicators: Record<string, EvidenceView[]> }> {
  const items = (await store.evidence.list(communeId, year, indicatorId))
    .filter((e) => e.status === 'stored' || who.role === 'officer')
    // Names stored before bidi controls were removed on the way in are cleaned on the way out.
    .map((e) => ({ ...e, filename: withoutBidiControls(e.filename) }))
  items.sort((a, b) => a.indicatorId.localeCompare(b.indicatorId) || a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
  const views = await Promise.all(
    items.map(async (e): Promise<EvidenceView> =>
      e.status === 'stored' ? { ...e, download: await blobs.createDownload(blobKey(e), { filename: e.filename }) } : e,
    ),
  )
  const indicators: Record<string, EvidenceView[]> = {}
  for (const view of views) (indicators[view.indicatorId] ??= []).push(view)
  return { indicators }
}

/** Deletes the record with its audit event (one transaction), then the bytes. */
export async function deleteEvidence(
  store: Store,
  blobs: BlobStore,
  who: Principal,
  communeId: string,
  year: number,
  id: string,
  now: Date,
): Promise<EvidenceDeletion> {
  const [evidence, version, actor] = await Promise.all([
    mustGet(store, communeId, year, id),
    assertEditable(store, communeId, year),
    actorOf(store, who),
  ])
  const deletion = await store.evidence.delete(
    evidence,
    { by: actor.id, byName: actor.name, role: actor.role, at: now.toISOString(), version },
    EVIDENCE_RULES,
  )
  // Record first, bytes second: the other order could leave a listed file whose download is gone, or delete the
  // bytes of a file the transaction then refuses to delete (assessment submitted meanwhile). If this fails the
  // bytes are orphaned but unreachable (no record, no URL); the audit event names the file for clean-up.
  try {
    await blobs.delete(blobKey(evidence))
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'evidence blob not deleted', key: blobKey(evidence), error: String(err) }))
  }
  return deletion
}

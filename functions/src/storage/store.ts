// The API's only door to storage (docs/ARCHITECTURE.md "Store contract"). Client and table name are
// injected so the same code runs on AWS, against DynamoDB Local and under aws-sdk-client-mock.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Assessment } from '../../../shared/assessment'
import type { AuditEvent, Comment } from '../../../shared/review'
import type { Rubric } from '../../../shared/rubric/schema'
import { assessmentsRepository, type QueuePage, type QueueQuery, type SaveRecord } from './assessments'
import { commentsRepository } from './comments'
import { eventsRepository } from './events'
import { evidenceRepository, type EvidenceRepository } from './evidence'
import { orgUnitsRepository } from './org-units'
import type { OrgUnit, UserRecord } from './records'
import { rubricsRepository } from './rubrics'
import { ttlCache } from './ttl-cache'
import { usersRepository } from './users'

export type { OrgUnit, OrgUnitKind, Role, UserRecord } from './records'
export type { QueueItem, QueuePage, QueueQuery, SaveRecord } from './assessments'

export interface Store {
  users: {
    getByUsername(username: string): Promise<UserRecord | undefined>
    /** Throws AppError('conflict') if the username (or id) exists. */
    put(user: UserRecord): Promise<void>
  }
  orgUnits: {
    get(id: string): Promise<OrgUnit | undefined>
    /** Query on gsi1, never Scan; sorted by Vietnamese name. */
    listChildren(parentId: string): Promise<OrgUnit[]>
    put(unit: OrgUnit): Promise<void>
  }
  rubrics: {
    /** Latest version of that year. */
    get(year: number): Promise<Rubric | undefined>
    /** Throws AppError('conflict') if that year+version exists: published versions are immutable. */
    put(rubric: Rubric): Promise<void>
  }
  assessments: {
    /** Always a consistent read: what GET shows must be what is stored. */
    get(communeId: string, year: number): Promise<Assessment | undefined>
    /**
     * For a write that expects `expectedVersion`: may answer from this process's last-seen copy of exactly
     * that version instead of reading (save() is conditional on the version, so a stale copy cannot win).
     */
    getForWrite(communeId: string, year: number, expectedVersion: number): Promise<Assessment | undefined>
    /**
     * Writes `next` only if the stored version equals expectedVersion (0 = must not exist);
     * otherwise throws AppError('version_conflict', …, { details: { currentVersion } }).
     * next.version must be greater than expectedVersion; the commune must exist as an org unit.
     * In the same transaction: the audit event of this version (`record.event`; a `system` edit if omitted),
     * the comment that came with the change, and the queue summary (computed from the rubric if omitted).
     */
    save(next: Assessment, expectedVersion: number, record?: SaveRecord): Promise<void>
    /** One page of a review unit's queue for a year, optionally one status only. Query on gsi1, never Scan. */
    listQueue(year: number, parentUnitId: string, query: QueueQuery): Promise<QueuePage>
  }
  events: {
    /** The audit log of one assessment, oldest first. */
    list(communeId: string, year: number): Promise<AuditEvent[]>
  }
  comments: {
    /** Oldest first; threads are built by the reader (indicatorId, replyTo). */
    list(communeId: string, year: number): Promise<Comment[]>
    /** Comment and its event in one transaction; refused (invalid_transition) once the assessment is recognised. */
    add(event: AuditEvent, comment: Comment): Promise<void>
  }
  /** Evidence files' metadata and the deletion log (storage/evidence.ts); the bytes are in the blob store. */
  evidence: EvidenceRepository
}

export type StoreOptions = {
  client: DynamoDBDocumentClient
  tableName: string
  /**
   * Cache org units and rubrics in this process for this long (ms), and let writes start from the last-seen
   * version of an assessment for ten times as long. Off by default so tests see every write at once; the
   * Lambda and the local server turn it on: org units and rubrics are read on every request and change
   * rarely, and autosave PATCHes one assessment every few seconds.
   */
  cacheTtlMs?: number
}

export function createStore({ client, tableName, cacheTtlMs = 0 }: StoreOptions): Store {
  const rawUnits = orgUnitsRepository({ client, tableName })
  const rawRubrics = rubricsRepository({ client, tableName })
  const units = cacheTtlMs > 0 ? ttlCache(rawUnits.get, { ttlMs: cacheTtlMs }) : undefined
  const rubrics = cacheTtlMs > 0 ? ttlCache(rawRubrics.get, { ttlMs: cacheTtlMs }) : undefined
  const orgUnits: Store['orgUnits'] = {
    ...rawUnits,
    get: units ? units.get : rawUnits.get,
    async put(unit) {
      units?.forget(unit.id)
      await rawUnits.put(unit)
      units?.forget(unit.id)
    },
  }
  return {
    users: usersRepository({ client, tableName }),
    orgUnits,
    rubrics: {
      ...rawRubrics,
      get: rubrics ? rubrics.get : rawRubrics.get,
      async put(rubric) {
        await rawRubrics.put(rubric)
        rubrics?.forget(rubric.year)
      },
    },
    assessments: assessmentsRepository({
      client,
      tableName,
      getOrgUnit: orgUnits.get,
      getRubric: rubrics ? rubrics.get : rawRubrics.get,
      writeCacheTtlMs: cacheTtlMs * 10,
    }),
    events: eventsRepository({ client, tableName }),
    comments: commentsRepository({ client, tableName }),
    evidence: evidenceRepository({ client, tableName }),
  }
}

/** The document client settings the repositories are written for (callers may pass their own). */
export function createDocumentClient(raw: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  })
}

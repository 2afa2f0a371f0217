// The API's only door to storage (docs/ARCHITECTURE.md "Store contract"). Client and table name are
// injected so the same code runs on AWS, against DynamoDB Local and under aws-sdk-client-mock.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Assessment, AssessmentStatus } from '../../../shared/assessment'
import type { AuditEvent, Comment } from '../../../shared/review'
import type { Rubric } from '../../../shared/rubric/schema'
import type { SurveyLogEntry, SurveyYear } from '../../../shared/survey-year'
import type { Contribution } from '../../../shared/dashboard'
import { statsRepository, type RebuildReport } from './stats'
import { assignmentsRepository, type AssignmentsRepository } from './assignments'
import { assessmentsRepository, fromItem as assessmentFromItem, type QueueItem, type QueuePage, type QueueQuery, type SaveRecord } from './assessments'
import { commentsRepository } from './comments'
import { eventsRepository } from './events'
import { evidenceRepository, type EvidenceRepository } from './evidence'
import { exportsRepository, type ExportsRepository } from './exports'
import { communeHistoryRepository, type AssessmentSummary } from './commune-history'
import { mergesRepository, type MergeLog, type MergePlan, type StoredAssessment } from './merges'
import { communeMovesRepository, type MovePlan } from './commune-moves'
import { loginAttemptsRepository, type AttemptState, type LockoutPolicy } from './login-attempts'
import { orgUnitsRepository } from './org-units'
import type { OrgUnit, UserRecord } from './records'
import { rubricsRepository, type RubricPublication, type RubricVersionInfo } from './rubrics'
import { surveyYearsRepository, type YearChange } from './survey-years'
import { ttlCache } from './ttl-cache'
import { importJobsRepository, type ImportJobsRepository } from './import-jobs'
import { signalGapsRepository, type SignalCommune, type SignalGapsRepository } from './signal-gaps'
import { usersRepository, type ImportOptions, type UserChange } from './users'

export type { OrgUnit, OrgUnitKind, Role, UserRecord } from './records'
export type { AssessmentSummary } from './commune-history'
export type { MergeLog, MergePlan, StoredAssessment } from './merges'
export type { MovePlan } from './commune-moves'
export type { AttemptState, LockoutPolicy } from './login-attempts'
export type { UserChange } from './users'
export type { RebuildReport } from './stats'
export type { QueueItem, QueuePage, QueueQuery, SaveRecord } from './assessments'
export type { ExportedAssessment, RecognisedItem } from './exports'
export type { RubricPublication, RubricSource, RubricVersionInfo } from './rubrics'
export type { YearChange } from './survey-years'
export type { SignalCommune } from './signal-gaps'

export interface Store {
  users: {
    getByUsername(username: string): Promise<UserRecord | undefined>
    /** Throws AppError('conflict') if the username (or id) exists. */
    put(user: UserRecord): Promise<void>
    /** Via the id guard: two GetItems. */
    getById(id: string): Promise<UserRecord | undefined>
    /**
     * The auth middleware's read on every request: getByUsername behind the store's short read-through cache
     * (cacheTtlMs, ≤ 30 s on Lambda); writes through this store drop the entry at once.
     */
    getForAuth(username: string): Promise<UserRecord | undefined>
    /** Query on gsi1, never Scan; sorted by username. */
    listByUnit(orgUnitId: string): Promise<UserRecord[]>
    /** The lower-cased usernames among these that are taken (BatchGet). */
    existingUsernames(usernames: string[]): Promise<Set<string>>
    /** All or nothing: what was written is deleted again if any transaction fails; then the error is thrown. */
    putMany(users: UserRecord[], opts: ImportOptions): Promise<void>
    /** Throws AppError('conflict') if the user is gone or (with expectPasswordHash) its password changed. */
    update(username: string, change: UserChange, opts?: { expectPasswordHash?: string }): Promise<UserRecord>
  }
  orgUnits: {
    get(id: string): Promise<OrgUnit | undefined>
    /** Query on gsi1, never Scan; sorted by Vietnamese name. */
    listChildren(parentId: string): Promise<OrgUnit[]>
    /** Today's names of these units, read fresh (never from a cache): what every list shows after a rename. */
    names(ids: Iterable<string>): Promise<Map<string, string>>
    put(unit: OrgUnit): Promise<void>
    /** Throws AppError('conflict') if the id is taken. */
    create(unit: OrgUnit): Promise<void>
    /** Overwrites an existing unit; conflict if it is gone (or, with mustBeActive, retired meanwhile). */
    replace(unit: OrgUnit, opts?: { mustBeActive?: boolean; parentId?: string }): Promise<void>
    /** One transaction: the merged commune and every retired predecessor; conflict if any changed meanwhile. */
    merge(into: OrgUnit, intoIsNew: boolean, predecessors: OrgUnit[]): Promise<void>
  }
  /** Merges of communes as one operation on data (storage/merges.ts, README M1–M3). */
  merges: {
    read(communeId: string, year: number): Promise<StoredAssessment | undefined>
    size(plan: MergePlan): number
    commit(plan: MergePlan): Promise<MergeLog>
    list(communeId: string): Promise<MergeLog[]>
  }
  /** A commune moved to another review unit with its assessments, map items and counters (commune-moves.ts, V1–V2). */
  moves: {
    read(communeId: string): Promise<StoredAssessment[]>
    size(plan: MovePlan): number
    commit(plan: MovePlan): Promise<void>
  }
  /** Failed-login counters with a TTL (storage/login-attempts.ts). */
  loginAttempts: {
    get(key: string): Promise<AttemptState | undefined>
    recordFailure(key: string, nowMs: number, policy: LockoutPolicy): Promise<AttemptState>
    clear(key: string): Promise<void>
    rememberDevice(key: string, deviceHash: string, untilMs: number): Promise<void>
    isKnownDevice(key: string, deviceHash: string, nowMs: number): Promise<boolean>
    revokeSession(sessionId: string, untilMs: number): Promise<void>
    isSessionRevoked(sessionId: string): Promise<boolean>
  }
  history: {
    /** A commune's assessments of every year (summary attributes only), oldest first. */
    assessmentsOf(communeId: string): Promise<AssessmentSummary[]>
  }
  rubrics: {
    /** Latest version of that year. */
    get(year: number): Promise<Rubric | undefined>
    /** One version (immutable, so safe to cache). */
    getVersion(year: number, version: number): Promise<Rubric | undefined>
    /** Every version of a year with who published it, oldest first. */
    listVersions(year: number): Promise<RubricVersionInfo[]>
    /** Throws AppError('conflict') if that year+version exists: published versions are immutable. */
    put(rubric: Rubric, published?: RubricPublication): Promise<void>
  }
  /** Survey years (deadline, extensions) and their log (storage/survey-years.ts, README Y1–Y8). */
  surveyYears: {
    get(year: number): Promise<SurveyYear | undefined>
    /** Newest first. */
    list(): Promise<SurveyYear[]>
    /** With its log entry and, if given, the year's first rubric version, in one transaction; conflict if open. */
    open(year: SurveyYear, log: SurveyLogEntry, rubric?: { rubric: Rubric; published: RubricPublication }): Promise<void>
    /** Deadline or one commune's extension, with its log entry; not_found if the year is not open. */
    change(year: number, change: YearChange, at: string, log: SurveyLogEntry): Promise<void>
    /** A new rubric version of the year with its log entry; conflict if that version exists. */
    publishRubric(rubric: Rubric, published: RubricPublication, log: SurveyLogEntry): Promise<void>
    log(year: number): Promise<SurveyLogEntry[]>
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
    /** A review unit's whole queue for a year (queue columns only), for sorting and searching across it. */
    listQueueAll(year: number, parentUnitId: string, status?: AssessmentStatus): Promise<QueueItem[]>
    /** Every assessment of a review unit for a year, whole (Query on gsi1; the rubric preview reads these). */
    listByReviewUnit(year: number, parentUnitId: string): Promise<Assessment[]>
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
  /** Account-import jobs (import-jobs.ts). */
  importJobs: ImportJobsRepository
  /** The province's exports (storage/exports.ts): a review unit's assessments page by page, the recognised list. */
  exports: ExportsRepository
  /** Which reviewer of a unit reviews which commune, per year (storage/assignments.ts). */
  assignments: AssignmentsRepository
  /** The signal-gap map's per-commune items (storage/signal-gaps.ts); written by assessments.save. */
  signalGaps: SignalGapsRepository & {
    /** The same, possibly up to cacheTtlMs old: for last year's side of the comparison (it rarely changes). */
    listRecent(year: number): Promise<SignalCommune[]>
  }
  /** The dashboard's counters per review unit (storage/stats.ts); maintained by assessments.save. */
  stats: {
    /** Every review unit's counters of a year, shards summed: one Query, never Scan. */
    unitTotals(year: number): Promise<Map<string, Contribution>>
    /** The same, possibly up to cacheTtlMs old: for past years on the dashboard (they rarely change). */
    unitTotalsRecent(year: number): Promise<Map<string, Contribution>>
    /** Active (not retired) communes under a unit, possibly up to cacheTtlMs old: the base of "not started". */
    activeCommunes(unitId: string): Promise<number>
    /** Maintenance: recompute a year's counters from the assessments of these review units (Query per unit). */
    rebuild(year: number, rubric: Rubric | undefined, reviewUnitIds: string[]): Promise<RebuildReport>
  }
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
  // Versions never change once stored: a version key can be cached as long as anything else.
  const rubricVersions =
    cacheTtlMs > 0 ? ttlCache((key: string) => rawRubrics.getVersion(...(key.split('#').map(Number) as [number, number])), { ttlMs: cacheTtlMs }) : undefined
  const rawYears = surveyYearsRepository({ client, tableName })
  const rawUsers = usersRepository({ client, tableName })
  // Keyed by lower-cased username, like the table.
  const authUsers = cacheTtlMs > 0 ? ttlCache((u: string) => rawUsers.getByUsername(u), { ttlMs: cacheTtlMs }) : undefined
  // The auth middleware asks "was this login's session revoked?" on every request. Like the account read beside
  // it, the answer is kept per process for at most cacheTtlMs (a logout through this store is seen at once; on
  // another Lambda container within that time), so an autosave pays for one read and one transaction, not two reads.
  const rawLoginAttempts = loginAttemptsRepository({ client, tableName })
  const revoked = cacheTtlMs > 0 ? ttlCache((sid: string) => rawLoginAttempts.isSessionRevoked(sid), { ttlMs: cacheTtlMs }) : undefined
  const loginAttempts: Store['loginAttempts'] = {
    ...rawLoginAttempts,
    isSessionRevoked: async (sid) => (revoked ? (await revoked.get(sid)) === true : rawLoginAttempts.isSessionRevoked(sid)),
    async revokeSession(sid, untilMs) {
      try {
        await rawLoginAttempts.revokeSession(sid, untilMs)
      } finally {
        revoked?.forget(sid)
      }
    },
  }
  const users: Store['users'] = {
    ...rawUsers,
    getForAuth: (username) => (authUsers ? authUsers.get(username.toLowerCase()) : rawUsers.getByUsername(username)),
    async update(username, change, opts) {
      try {
        return await rawUsers.update(username, change, opts)
      } finally {
        authUsers?.forget(username.toLowerCase())
      }
    },
  }
  const rawStats = statsRepository({ client, tableName })
  const activeCommunes = async (unitId: string) =>
    (await rawUnits.listChildren(unitId)).filter((u) => u.kind === 'commune' && !u.retired).length
  // The dashboard's slow-moving inputs (DynamoDB Local answers a Query of 50 org units in ~3 ms, 40 of them per
  // province view). The current year's counters are never cached. A unit write through this store drops the
  // counts of the units it touches (a merge or a move is seen at once here; another process after ≤ cacheTtlMs).
  const communeCounts = cacheTtlMs > 0 ? ttlCache(activeCommunes, { ttlMs: cacheTtlMs }) : undefined
  const pastTotals = cacheTtlMs > 0 ? ttlCache(rawStats.unitTotals, { ttlMs: cacheTtlMs }) : undefined
  const stats: Store['stats'] = {
    unitTotals: rawStats.unitTotals,
    unitTotalsRecent: pastTotals ? async (year) => (await pastTotals.get(year))! : rawStats.unitTotals,
    activeCommunes: communeCounts ? async (id) => (await communeCounts.get(id))! : activeCommunes,
    rebuild: (year, rubric, ids) => rawStats.rebuild(year, rubric, ids, assessmentFromItem),
  }
  const rawSignal = signalGapsRepository({ client, tableName })
  // Last year's map items, like last year's dashboard counters: kept per process for at most cacheTtlMs (max 2 years).
  const pastSignal = cacheTtlMs > 0 ? ttlCache(rawSignal.list, { ttlMs: cacheTtlMs, maxEntries: 2 }) : undefined
  const signalGaps: Store['signalGaps'] = {
    ...rawSignal,
    listRecent: pastSignal ? async (year) => (await pastSignal.get(year))! : rawSignal.list,
  }
  const getUnit = units ? units.get : rawUnits.get
  // A unit write drops the unit and its old and new parents' commune counts from this process's caches.
  const forget = (...list: (OrgUnit | undefined)[]) => {
    for (const u of list) {
      if (!u) continue
      units?.forget(u.id)
      if (u.parentId) communeCounts?.forget(u.parentId)
    }
  }
  const cachedOld = async (id: string) => (units ? await getUnit(id).catch(() => undefined) : undefined)
  const orgUnits: Store['orgUnits'] = {
    ...rawUnits,
    get: getUnit,
    async put(unit) {
      const old = await cachedOld(unit.id)
      forget(old, unit)
      await rawUnits.put(unit)
      forget(unit)
    },
    async create(unit) {
      await rawUnits.create(unit)
      forget(unit)
    },
    async replace(unit, opts) {
      const old = await cachedOld(unit.id)
      try {
        await rawUnits.replace(unit, opts)
      } finally {
        forget(old, unit)
      }
    },
    async merge(into, intoIsNew, predecessors) {
      const olds = await Promise.all([into, ...predecessors].map((u) => cachedOld(u.id)))
      try {
        await rawUnits.merge(into, intoIsNew, predecessors)
      } finally {
        forget(...olds, into, ...predecessors)
      }
    },
  }
  const rawMerges = mergesRepository({ client, tableName })
  const merges: Store['merges'] = {
    ...rawMerges,
    async commit(plan) {
      const olds = await Promise.all([plan.into, ...plan.predecessors].map((u) => cachedOld(u.id)))
      try {
        return await rawMerges.commit(plan)
      } finally {
        forget(...olds, plan.into, ...plan.predecessors)
        for (const { user } of plan.users) authUsers?.forget(user.username.toLowerCase())
      }
    },
  }
  const rawMoves = communeMovesRepository({ client, tableName })
  const moves: Store['moves'] = {
    ...rawMoves,
    async commit(plan) {
      const old = await cachedOld(plan.unit.id)
      try {
        await rawMoves.commit(plan)
      } finally {
        forget(old, plan.unit, { ...plan.unit, parentId: plan.fromParentId })
      }
    },
  }
  return {
    users,
    orgUnits,
    merges,
    moves,
    loginAttempts,
    history: communeHistoryRepository({ client, tableName }),
    rubrics: {
      ...rawRubrics,
      get: rubrics ? rubrics.get : rawRubrics.get,
      getVersion: rubricVersions ? (year, version) => rubricVersions.get(`${year}#${version}`) : rawRubrics.getVersion,
      async put(rubric, published) {
        await rawRubrics.put(rubric, published)
        rubrics?.forget(rubric.year)
      },
    },
    surveyYears: {
      ...rawYears,
      async open(year, log, rubric) {
        await rawYears.open(year, log, rubric)
        rubrics?.forget(year.year)
      },
      async publishRubric(rubric, published, log) {
        await rawYears.publishRubric(rubric, published, log)
        rubrics?.forget(rubric.year)
      },
    },
    assessments: assessmentsRepository({
      client,
      tableName,
      getOrgUnit: orgUnits.get,
      refreshOrgUnit: async (id) => {
        units?.forget(id)
        return getUnit(id)
      },
      currentNames: rawUnits.names,
      getRubric: rubrics ? rubrics.get : rawRubrics.get,
      writeCacheTtlMs: cacheTtlMs * 10,
    }),
    events: eventsRepository({ client, tableName }),
    comments: commentsRepository({ client, tableName }),
    evidence: evidenceRepository({ client, tableName }),
    importJobs: importJobsRepository({ client, tableName }),
    exports: exportsRepository({ client, tableName }),
    assignments: assignmentsRepository({ client, tableName }),
    signalGaps,
    stats,
  }
}

/** The document client settings the repositories are written for (callers may pass their own). */
export function createDocumentClient(raw: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  })
}

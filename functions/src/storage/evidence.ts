/*
 * Evidence metadata (the bytes are in the blob store, functions/src/evidence). Everything lives in the commune's
 * partition, next to its assessments. Access patterns (README.md #11–#16):
 *   item        pk=COMMUNE#<communeId>  sk=EVIDENCE#<year>#<indicatorId>#<id>
 *   counter     pk=COMMUNE#<communeId>  sk=EVIDENCECOUNT#<year>#<indicatorId>   {n}: files of that indicator
 *   deletion    pk=COMMUNE#<communeId>  sk=EVENT#<year>#<version padded to 8>#E#<at>#<id>: an audit event
 *               (docs/REVIEW.md "Audit trail") with action `evidence_deleted`, keyed like a comment's event after the
 *               version it happened on, so the assessment's timeline shows it in order
 *   create      TransactWrite: ConditionCheck assessment editable, Update counter (n < max), Put item (new)
 *   by id       Query begins_with(sk, EVIDENCE#<year>#), FilterExpression id = :id (the routes carry only the id;
 *               a commune-year holds at most indicators × 20 small items, one page)
 *   list        Query begins_with(sk, EVIDENCE#<year>#[<indicatorId>#]), paginated; sorted by indicator, then id
 *   complete    TransactWrite: ConditionCheck assessment editable, Update item status=stored (item pending), Put
 *               event `evidence_stored` naming the file and its SHA-256 (keyed like a deletion's, #S suffix)
 *   delete      TransactWrite: ConditionCheck assessment editable, Delete item (exists), counter n - 1, Put event
 *   deletions   Query begins_with(sk, EVENT#<year>#), FilterExpression action = evidence_deleted
 * The counter is what makes "at most 20 files per indicator" hold under concurrent uploads: counting items with a
 * Query first would let two requests both see 19. Prefixes cannot collide with ASSESS#, EVENT# or COMMENT#, and
 * `EVIDENCE#<year>#` does not match EVIDENCECOUNT# (the character after EVIDENCE differs).
 */
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../../../shared/errors'
import type { Evidence } from '../../../shared/evidence'
import type { AuditEvent } from '../../../shared/review'
import { dynamo, transactionConditionFailed } from './errors'
import { compact, PK, SK, withoutKeys, type RepoDeps } from './item'
import { assessmentKey, communePartition, eventSort, eventSortPrefix } from './keys'
import { eventPut } from './events'
import { queryAll } from './query-all'

/**
 * A deleted evidence file as recorded in the assessment's audit trail: an AuditEvent whose action is outside the
 * workflow's list (nothing about the assessment's status changes), with the file named in `changes`
 * (`evidence.<indicatorId>`: filename → null) for the timeline, and described in full in `evidence`.
 */
export type EvidenceDeletion = Omit<AuditEvent, 'action'> & {
  action: 'evidence_deleted'
  indicatorId: string
  /** The file as it was; `status` pending means an abandoned upload. */
  evidence: Pick<Evidence, 'id' | 'filename' | 'contentType' | 'size' | 'status' | 'sha256'>
}

/** A confirmed upload as recorded in the audit trail: which bytes (SHA-256) the reviewer is looking at. */
export type EvidenceStored = Omit<AuditEvent, 'action'> & {
  action: 'evidence_stored'
  indicatorId: string
  evidence: Pick<Evidence, 'id' | 'filename' | 'contentType' | 'size' | 'sha256'>
}

type EventAuthor = Pick<AuditEvent, 'by' | 'byName' | 'role' | 'at' | 'version'>
type FileChange = { from: string | null; to: string | null }

/**
 * The audit event of one file (stored or deleted): named in `changes` (`evidence.<indicatorId>`) for the timeline,
 * described in `evidence` (with its status when given, and its SHA-256 once known).
 */
function fileEvent(evidence: Evidence, who: EventAuthor, action: 'evidence_stored', change: FileChange): EvidenceStored
function fileEvent(evidence: Evidence, who: EventAuthor, action: 'evidence_deleted', change: FileChange, status: Evidence['status']): EvidenceDeletion
function fileEvent(
  evidence: Evidence,
  who: EventAuthor,
  action: 'evidence_stored' | 'evidence_deleted',
  change: FileChange,
  status?: Evidence['status'],
): EvidenceStored | EvidenceDeletion {
  // The overloads say which action carries a status; the body builds both alike.
  return {
    communeId: evidence.communeId,
    year: evidence.year,
    ...who,
    action,
    indicatorId: evidence.indicatorId,
    changes: [{ field: `evidence.${evidence.indicatorId}`, ...change }],
    evidence: {
      id: evidence.id,
      filename: evidence.filename,
      contentType: evidence.contentType,
      size: evidence.size,
      ...(status ? { status } : {}),
      ...(evidence.sha256 ? { sha256: evidence.sha256 } : {}),
    },
  } as EvidenceStored | EvidenceDeletion
}

export type EvidenceRules = {
  /** Assessment statuses in which files may be added, confirmed or deleted (a missing assessment is a draft). */
  editableStatuses: readonly string[]
  maxPerIndicator: number
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>

const partition = communePartition
const yearPrefix = (year: number) => `EVIDENCE#${year}#`
const indicatorPrefix = (year: number, indicatorId: string) => `${yearPrefix(year)}${indicatorId}#`
export const evidenceKey = (e: Pick<Evidence, 'communeId' | 'year' | 'indicatorId' | 'id'>) => ({
  [PK]: partition(e.communeId),
  [SK]: `${indicatorPrefix(e.year, e.indicatorId)}${e.id}`,
})
const counterKey = (communeId: string, year: number, indicatorId: string) => ({
  [PK]: partition(communeId),
  [SK]: `EVIDENCECOUNT#${year}#${indicatorId}`,
})
const deletionSort = (year: number, version: number, at: string, id: string) => `${eventSort(year, version)}#E#${at}#${id}`
const storedSort = (year: number, version: number, at: string, id: string) => `${deletionSort(year, version, at, id)}#S`

export type EvidenceRepository = ReturnType<typeof evidenceRepository>

export function evidenceRepository({ client, tableName }: RepoDeps) {
  const editableCheck = (communeId: string, year: number, rules: EvidenceRules) => {
    const values = Object.fromEntries(rules.editableStatuses.map((s, i) => [`:editable${i}`, s]))
    return {
      ConditionCheck: {
        TableName: tableName,
        Key: assessmentKey(communeId, year),
        ConditionExpression: `attribute_not_exists(#pk) OR #status IN (${Object.keys(values).join(', ')})`,
        ExpressionAttributeNames: { '#pk': PK, '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    }
  }
  const notEditable = (e: Pick<Evidence, 'year'>) =>
    new AppError('not_editable', `The ${e.year} assessment can no longer be changed, nor its evidence`)

  /**
   * Writes `items` in one transaction behind the check (index 0) that the file's assessment may still change: a
   * failed check is not_editable; any other failure is the caller's, whose items count from index 1.
   */
  async function writeWhileEditable(operation: string, evidence: Evidence, rules: EvidenceRules, items: TransactItems): Promise<void> {
    try {
      await dynamo(operation, () =>
        client.send(new TransactWriteCommand({ TransactItems: [editableCheck(evidence.communeId, evidence.year, rules), ...items] })),
      )
    } catch (err) {
      if (transactionConditionFailed(err, 0)) throw notEditable(evidence)
      throw err
    }
  }

  async function query(
    communeId: string,
    prefix: string,
    operation: string,
    filter?: { attribute: 'id' | 'action'; value: string },
  ): Promise<Record<string, unknown>[]> {
    const items = await queryAll(client, operation, {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ...(filter ? { FilterExpression: '#f = :f' } : {}),
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK, ...(filter ? { '#f': filter.attribute } : {}) },
      ExpressionAttributeValues: { ':pk': partition(communeId), ':prefix': prefix, ...(filter ? { ':f': filter.value } : {}) },
      ConsistentRead: true,
    })
    return items.map(withoutKeys)
  }

  return {
    /**
     * Records a pending file. Throws not_editable when the assessment is past editing and conflict (details.limit)
     * when the indicator already has rules.maxPerIndicator files.
     */
    async create(evidence: Evidence, rules: EvidenceRules): Promise<void> {
      try {
        await writeWhileEditable('evidence.create', evidence, rules, [
          {
            Update: {
              TableName: tableName,
              Key: counterKey(evidence.communeId, evidence.year, evidence.indicatorId),
              UpdateExpression: 'ADD #n :one SET #entity = :entity',
              ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
              ExpressionAttributeNames: { '#n': 'n', '#entity': 'entity' },
              ExpressionAttributeValues: { ':one': 1, ':max': rules.maxPerIndicator, ':entity': 'evidenceCount' },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...evidenceKey(evidence), entity: 'evidence', ...compact(evidence) },
              ConditionExpression: `attribute_not_exists(${PK})`,
            },
          },
        ])
      } catch (err) {
        if (transactionConditionFailed(err, 1))
          throw new AppError('conflict', `Indicator ${evidence.indicatorId} already has ${rules.maxPerIndicator} files; delete one first`, {
            fields: [
              {
                field: 'indicatorId',
                code: 'too_many_files',
                message: {
                  vi: `Mỗi chỉ tiêu tối đa ${rules.maxPerIndicator} tệp minh chứng; hãy xoá bớt trước`,
                  en: `At most ${rules.maxPerIndicator} files per indicator; delete one first`,
                },
              },
            ],
            details: { limit: rules.maxPerIndicator },
          })
        if (transactionConditionFailed(err, 2)) throw new AppError('conflict', `Evidence ${evidence.id} already exists`)
        throw err
      }
    },

    /** One file of a commune's assessment by id, or undefined. */
    async get(communeId: string, year: number, id: string): Promise<Evidence | undefined> {
      const [item] = await query(communeId, yearPrefix(year), 'evidence.get', { attribute: 'id', value: id })
      return item as Evidence | undefined
    },

    /** Every file of the assessment (or of one indicator), pending ones included; the caller decides who sees what. */
    async list(communeId: string, year: number, indicatorId?: string): Promise<Evidence[]> {
      const prefix = indicatorId === undefined ? yearPrefix(year) : indicatorPrefix(year, indicatorId)
      return (await query(communeId, prefix, 'evidence.list')) as Evidence[]
    },

    /**
     * pending → stored with its audit event, in one transaction. Throws not_found if the item is gone, not_editable
     * as above, and conflict (details.status = stored) if another confirmation got there first.
     * `who.version` is the assessment's version now; it only places the event in the timeline.
     */
    async markStored(
      evidence: Evidence,
      who: Pick<AuditEvent, 'by' | 'byName' | 'role' | 'at' | 'version'>,
      rules: EvidenceRules,
    ): Promise<{ evidence: Evidence; event: EvidenceStored }> {
      const event: EvidenceStored = fileEvent(evidence, who, 'evidence_stored', {
        from: null,
        to: `${evidence.filename} (SHA-256 ${evidence.sha256 ?? '?'})`,
      })
      try {
        await writeWhileEditable('evidence.markStored', evidence, rules, [
          {
            Update: {
              TableName: tableName,
              Key: evidenceKey(evidence),
              UpdateExpression: 'SET #status = :stored',
              ConditionExpression: `attribute_exists(${PK}) AND #status = :pending`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':stored': 'stored', ':pending': 'pending' },
            },
          },
          eventPut(tableName, event, storedSort(evidence.year, who.version, who.at, evidence.id)),
        ])
      } catch (err) {
        if (transactionConditionFailed(err, 1)) {
          const [now] = (await query(evidence.communeId, yearPrefix(evidence.year), 'evidence.get', { attribute: 'id', value: evidence.id })) as Evidence[]
          if (!now) throw new AppError('not_found', `No evidence "${evidence.id}"`)
          throw new AppError('conflict', 'This file has already been confirmed', { details: { status: now.status } })
        }
        throw err
      }
      return { evidence: { ...evidence, status: 'stored' }, event }
    },

    /**
     * Removes the item, frees its place in the indicator's count and writes the deletion's audit event, all or
     * nothing: a file never disappears without its event. `who.version` is the assessment's version now (0 if it
     * was never saved); it only places the event in the timeline. The blob is the caller's to delete.
     */
    async delete(
      evidence: Evidence,
      who: Pick<AuditEvent, 'by' | 'byName' | 'role' | 'at' | 'version'>,
      rules: EvidenceRules,
    ): Promise<EvidenceDeletion> {
      const entry: EvidenceDeletion = fileEvent(evidence, who, 'evidence_deleted', { from: evidence.filename, to: null }, evidence.status)
      try {
        await writeWhileEditable('evidence.delete', evidence, rules, [
          {
            Delete: { TableName: tableName, Key: evidenceKey(evidence), ConditionExpression: `attribute_exists(${PK})` },
          },
          {
            Update: {
              TableName: tableName,
              Key: counterKey(evidence.communeId, evidence.year, evidence.indicatorId),
              UpdateExpression: 'ADD #n :minusOne',
              ConditionExpression: '#n > :zero',
              ExpressionAttributeNames: { '#n': 'n' },
              ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
            },
          },
          eventPut(tableName, entry, deletionSort(evidence.year, who.version, who.at, evidence.id)),
        ])
      } catch (err) {
        // Item gone: a concurrent delete won (and logged it).
        if (transactionConditionFailed(err, 1)) throw new AppError('not_found', `No evidence "${evidence.id}"`)
        throw err
      }
      return entry
    },

    /** The evidence deletions in one assessment's audit trail, oldest first. */
    async listDeletions(communeId: string, year: number): Promise<EvidenceDeletion[]> {
      const filter = { attribute: 'action', value: 'evidence_deleted' } as const
      return (await query(communeId, eventSortPrefix(year), 'evidence.listDeletions', filter)) as EvidenceDeletion[]
    },
  }
}

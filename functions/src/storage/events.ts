/*
 * Audit events, append-only, in the commune's partition next to its assessments. Access patterns:
 *   put        only inside the TransactWriteItems of the change it records (assessments.save, comments.add),
 *              with attribute_not_exists(pk): an event is never overwritten
 *   list       Query pk=COMMUNE#<communeId>, begins_with(sk, EVENT#<year>#), paginated, oldest first
 * Keys: sk=EVENT#<year>#<version padded to 8> for a change (one per version: the version the change produced);
 * a comment does not change the assessment, so its event is keyed after the version it was written on:
 * sk=EVENT#<year>#<version padded to 8>#C#<at>#<commentId>. String order is then the order things happened.
 */
import type { AuditEvent } from '../../../shared/review'
import { compact, PK, SK, type RepoDeps } from './item'
import { communePartition, eventSort, eventSortPrefix } from './keys'
import { queryPrefix } from './query-all'


/**
 * The Put of a TransactWriteItems that records one event; it fails if that event already exists. Evidence events
 * (evidence_stored, evidence_deleted) are AuditEvents with an action of their own, hence the loose type.
 */
export function eventPut(
  tableName: string,
  event: Pick<AuditEvent, 'communeId' | 'year' | 'version'> & Record<string, unknown>,
  sk: string = eventSort(event.year, event.version),
) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...compact(event), [PK]: communePartition(event.communeId), [SK]: sk, entity: 'event' },
      ConditionExpression: `attribute_not_exists(${PK})`,
    },
  }
}

export function eventsRepository({ client, tableName }: RepoDeps) {
  return {
    /** Every event of one commune's assessment of one year, oldest first. */
    async list(communeId: string, year: number): Promise<AuditEvent[]> {
      return queryCommunePrefix(client, tableName, communeId, eventSortPrefix(year), 'events.list') as Promise<AuditEvent[]>
    },
  }
}

/** All items of a commune partition under one sort-key prefix, in key order. */
export async function queryCommunePrefix(
  client: RepoDeps['client'],
  tableName: string,
  communeId: string,
  prefix: string,
  operation: string,
): Promise<Record<string, unknown>[]> {
  return queryPrefix({ client, tableName }, operation, communePartition(communeId), prefix)
}

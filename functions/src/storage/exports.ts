/*
 * Reads of the province's exports (README "Exports", X1–X2), both on the review index gsi1
 * (`gsi1pk=ASSESS#<year>#<parentUnitId>`, `gsi1sk=<status>#<communeId>`), never Scan:
 *   X1 assessmentPages  Query gsi1, every item of a review unit and year, handed out one DynamoDB page (≤ 1 MB,
 *                       ~300 full assessments) at a time so the exporter holds one page, not the province
 *   X2 recognised       Query gsi1 begins_with(gsi1sk, recognised#), projection of the list's columns
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { Assessment } from '../../../shared/assessment'
import type { Decision, QueueSummary } from '../../../shared/review'
import { fromItem } from './assessments'
import { dynamo } from './errors'
import { GSI1, GSI1PK, GSI1SK, type RepoDeps } from './item'
import { queryAll } from './query-all'
import { queueSort, reviewUnitPartition } from './keys'
import { currentUnitNames } from './org-units'

export type ExportedAssessment = { assessment: Assessment; communeName: string }

export type RecognisedItem = {
  communeId: string
  /** Today's name. */
  communeName: string
  /** The name stored with the recognition (the item's copy from that save), when it differs from today's. */
  nameAtRecognition?: string
  summary?: QueueSummary
  provinceDecision?: Decision
}

export function exportsRepository({ client, tableName }: RepoDeps) {
  return {
    async *assessmentPages(year: number, parentUnitId: string): AsyncGenerator<ExportedAssessment[]> {
      let cursor: Record<string, unknown> | undefined
      do {
        const page = await dynamo('exports.assessmentPages', () =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: GSI1,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': GSI1PK },
              ExpressionAttributeValues: { ':pk': reviewUnitPartition(year, parentUnitId) },
              ExclusiveStartKey: cursor,
            }),
          ),
        )
        const raw = page.Items ?? []
        // Names resolved at read time: a rename shows in the file at once (the item's copy is its last save's).
        const names = raw.length > 0 ? await currentUnitNames(client, tableName, raw.map((item) => item.communeId as string)) : new Map<string, string>()
        const items = raw.map((item) => ({
          assessment: fromItem(item),
          communeName: names.get(item.communeId as string) ?? (typeof item.communeName === 'string' ? item.communeName : (item.communeId as string)),
        }))
        cursor = page.LastEvaluatedKey
        if (items.length > 0) yield items
      } while (cursor)
    },

    async recognised(year: number, parentUnitId: string): Promise<RecognisedItem[]> {
      const items = await queryAll(client, 'exports.recognised', {
        TableName: tableName,
        IndexName: GSI1,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ProjectionExpression: 'communeId, communeName, summary, provinceDecision',
        ExpressionAttributeNames: { '#pk': GSI1PK, '#sk': GSI1SK },
        ExpressionAttributeValues: { ':pk': reviewUnitPartition(year, parentUnitId), ':prefix': queueSort('recognised', '') },
      })
      const names = items.length > 0 ? await currentUnitNames(client, tableName, items.map((item) => item.communeId as string)) : new Map<string, string>()
      return items.map((item) => {
        const communeId = item.communeId as string
        const stored = typeof item.communeName === 'string' ? item.communeName : undefined
        const current = names.get(communeId) ?? stored ?? communeId
        return {
        communeId,
        communeName: current,
        ...(stored !== undefined && stored !== current ? { nameAtRecognition: stored } : {}),
        ...(item.summary ? { summary: item.summary as QueueSummary } : {}),
        ...(item.provinceDecision ? { provinceDecision: item.provinceDecision as Decision } : {}),
        }
      })
    },
  }
}

export type ExportsRepository = ReturnType<typeof exportsRepository>

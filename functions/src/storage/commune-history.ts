/*
 * A commune's assessments over the years, for the history of a merged commune's predecessors. Access pattern:
 *   Query pk=COMMUNE#<communeId>, begins_with(sk, ASSESS#), projection of the summary attributes only
 * The keys come from assessments.ts (assessmentKey) so this reader cannot drift from the writer's layout.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { assessmentKey } from './assessments'
import { dynamo } from './errors'
import { PK, SK, type RepoDeps } from './item'

export type AssessmentSummary = {
  communeId: string
  year: number
  status: string
  version: number
  updatedAt: string | null
  /** The queue's score columns, when the writer stored them. */
  summary?: Record<string, unknown>
  /** A draft a merge carried to (or set aside at) that commune. */
  mergedInto?: string
  /** The province's recognition decision, as recorded with the recognition. */
  decisionNumber?: string
  decisionDate?: string
}

export function communeHistoryRepository({ client, tableName }: RepoDeps) {
  return {
    /** Oldest year first. */
    async assessmentsOf(communeId: string): Promise<AssessmentSummary[]> {
      const sample = assessmentKey(communeId, 0)
      const sortPrefix = String(sample[SK]).replace(/0$/, '') // "ASSESS#"
      const out: AssessmentSummary[] = []
      let cursor: Record<string, unknown> | undefined
      do {
        const page = await dynamo('history.assessmentsOf', () =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
              ProjectionExpression: 'communeId, #year, #status, version, updatedAt, summary, mergedInto, provinceDecision',
              ExpressionAttributeNames: { '#pk': PK, '#sk': SK, '#year': 'year', '#status': 'status' },
              ExpressionAttributeValues: { ':pk': sample[PK], ':prefix': sortPrefix },
              ExclusiveStartKey: cursor,
            }),
          ),
        )
        for (const item of page.Items ?? []) {
          if (typeof item.year !== 'number') continue
          out.push({
            communeId: typeof item.communeId === 'string' ? item.communeId : communeId,
            year: item.year,
            status: String(item.status ?? 'draft'),
            version: typeof item.version === 'number' ? item.version : 0,
            updatedAt: typeof item.updatedAt === 'string' ? item.updatedAt : null,
            ...(item.summary && typeof item.summary === 'object' ? { summary: item.summary as Record<string, unknown> } : {}),
            ...(typeof item.mergedInto === 'string' ? { mergedInto: item.mergedInto } : {}),
            ...decisionOf(item.provinceDecision),
          })
        }
        cursor = page.LastEvaluatedKey
      } while (cursor)
      return out.sort((a, b) => a.year - b.year)
    },
  }
}

/** The number and date of a recognition, when the province's last decision was one and recorded them. */
function decisionOf(decision: unknown): { decisionNumber?: string; decisionDate?: string } {
  if (!decision || typeof decision !== 'object') return {}
  const d = decision as Record<string, unknown>
  if (d.action !== 'recognise') return {}
  return {
    ...(typeof d.decisionNumber === 'string' ? { decisionNumber: d.decisionNumber } : {}),
    ...(typeof d.decisionDate === 'string' ? { decisionDate: d.decisionDate } : {}),
  }
}

/*
 * Which reviewer of a review unit reviews which commune, per survey year. Access patterns:
 *   list   Query pk=ASSIGN#<year>#<unitId>            (one item per assigned commune: bounded by the unit's communes)
 *   set    Put   pk=ASSIGN#<year>#<unitId> sk=<communeId>
 *   clear  Delete the same key
 * A separate partition, not an attribute of the assessment: assigning is not a change of the assessment (no new
 * version for the officer to conflict with), and the queue reads it with one Query beside its own.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { dynamo } from './errors'
import { PK, SK, type RepoDeps } from './item'
import { queryAll } from './query-all'

export type Assignment = { communeId: string; reviewerId: string; reviewerName: string; by: string; at: string }

const partition = (year: number, unitId: string) => `ASSIGN#${year}#${unitId}`

export function assignmentsRepository({ client, tableName }: RepoDeps) {
  return {
    async list(year: number, unitId: string): Promise<Assignment[]> {
      const items = await queryAll(client, 'assignments.list', {
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PK },
        ExpressionAttributeValues: { ':pk': partition(year, unitId) },
      })
      return items.map((i) => ({
        communeId: i.communeId as string,
        reviewerId: i.reviewerId as string,
        reviewerName: i.reviewerName as string,
        by: i.by as string,
        at: i.at as string,
      }))
    },
    async set(year: number, unitId: string, a: Assignment): Promise<void> {
      await dynamo('assignments.set', () =>
        client.send(new PutCommand({ TableName: tableName, Item: { [PK]: partition(year, unitId), [SK]: a.communeId, entity: 'assignment', year, unitId, ...a } })),
      )
    },
    async clear(year: number, unitId: string, communeId: string): Promise<void> {
      await dynamo('assignments.clear', () => client.send(new DeleteCommand({ TableName: tableName, Key: { [PK]: partition(year, unitId), [SK]: communeId } })))
    },
  }
}
export type AssignmentsRepository = ReturnType<typeof assignmentsRepository>

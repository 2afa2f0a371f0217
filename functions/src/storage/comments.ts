/*
 * Comments on an assessment, threaded per indicator by the reader (indicatorId, replyTo). Access patterns:
 *   add    TransactWriteItems: ConditionCheck on the assessment (absent, or not recognised: a recognised
 *          assessment is locked, even against a comment racing the recognition), Put comment, Put event;
 *          both puts with attribute_not_exists(pk)
 *   list   Query pk=COMMUNE#<communeId>, begins_with(sk, COMMENT#<year>#), oldest first
 * Keys: sk=COMMENT#<year>#<at ISO>#<id> (ISO timestamps sort as strings).
 * A comment also rides along in assessments.save (a return's comment) via commentPut.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../../../shared/errors'
import type { AuditEvent, Comment } from '../../../shared/review'
import { dynamo, transactionConditionFailed } from './errors'
import { eventPut, queryCommunePrefix } from './events'
import { compact, PK, SK, type RepoDeps } from './item'
import { assessmentKey, commentEventSort, commentSort, commentSortPrefix, communePartition } from './keys'


export function commentPut(tableName: string, communeId: string, year: number, comment: Comment) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...compact(comment), [PK]: communePartition(communeId), [SK]: commentSort(year, comment.at, comment.id), entity: 'comment' },
      ConditionExpression: `attribute_not_exists(${PK})`,
    },
  }
}

export function commentsRepository({ client, tableName }: RepoDeps) {
  return {
    async list(communeId: string, year: number): Promise<Comment[]> {
      return (await queryCommunePrefix(client, tableName, communeId, commentSortPrefix(year), 'comments.list')) as Comment[]
    },

    /** Writes the comment and its event (action `comment`, at the version it was written on) together. */
    async add(event: AuditEvent, comment: Comment): Promise<void> {
      const { communeId, year } = event
      try {
        await dynamo('comments.add', () =>
          client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: tableName,
                    Key: assessmentKey(communeId, year),
                    ConditionExpression: `attribute_not_exists(${PK}) OR #status <> :locked`,
                    ExpressionAttributeNames: { '#status': 'status' },
                    ExpressionAttributeValues: { ':locked': 'recognised' },
                  },
                },
                commentPut(tableName, communeId, year, comment),
                eventPut(tableName, event, commentEventSort(year, event.version, comment.at, comment.id)),
              ],
            }),
          ),
        )
      } catch (err) {
        if (transactionConditionFailed(err, 0))
          throw new AppError('invalid_transition', 'The assessment was recognised meanwhile and is locked; comments are closed', {
            details: { status: 'recognised' },
          })
        if (transactionConditionFailed(err, 1) || transactionConditionFailed(err, 2))
          throw new AppError('conflict', `Comment ${comment.id} already exists`, { details: { commentId: comment.id } })
        throw err
      }
    },
  }
}

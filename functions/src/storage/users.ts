/*
 * Users. Access patterns:
 *   get by username     GetItem  pk=USERNAME#<username lower-case>  sk=USER         (the full record)
 *   create              TransactWrite of two conditional Puts (attribute_not_exists(pk)):
 *                         the record above, and an id guard pk=USERID#<id> sk=USER {username}
 *                       so neither a username nor an id can be taken twice, even by concurrent
 *                       requests. The guard also gives a later get-by-id a GetItem path.
 * Usernames are keyed case-insensitively ("CanBo.SonTan" logs in as canbo.sontan) but stored as given.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../../../shared/errors'
import { dynamo, transactionConditionFailed } from './errors'
import { PK, SK, type RepoDeps } from './item'
import type { Role, UserRecord } from './records'

export const userKey = (username: string) => ({ [PK]: `USERNAME#${username.toLowerCase()}`, [SK]: 'USER' })
export const userIdKey = (id: string) => ({ [PK]: `USERID#${id}`, [SK]: 'USER' })

export function usersRepository({ client, tableName }: RepoDeps) {
  return {
    async getByUsername(username: string): Promise<UserRecord | undefined> {
      const out = await dynamo('users.getByUsername', () =>
        client.send(new GetCommand({ TableName: tableName, Key: userKey(username), ConsistentRead: true })),
      )
      return out.Item ? fromItem(out.Item) : undefined
    },

    async put(user: UserRecord): Promise<void> {
      const mustBeNew = `attribute_not_exists(${PK})`
      try {
        await dynamo('users.put', () =>
          client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName,
                    Item: { ...userKey(user.username), entity: 'user', ...toAttributes(user) },
                    ConditionExpression: mustBeNew,
                  },
                },
                {
                  Put: {
                    TableName: tableName,
                    Item: { ...userIdKey(user.id), entity: 'userId', username: user.username },
                    ConditionExpression: mustBeNew,
                  },
                },
              ],
            }),
          ),
        )
      } catch (err) {
        if (transactionConditionFailed(err, 0)) {
          throw new AppError('conflict', `Username "${user.username}" is already taken`, {
            details: { username: user.username },
          })
        }
        if (transactionConditionFailed(err, 1)) {
          throw new AppError('conflict', `A user with id "${user.id}" already exists`, { details: { id: user.id } })
        }
        throw err
      }
    },
  }
}

function toAttributes(user: UserRecord): UserRecord {
  const { id, username, name, role, orgUnitId, passwordHash, active } = user
  return { id, username, name, role, orgUnitId, passwordHash, active }
}

function fromItem(item: Record<string, unknown>): UserRecord {
  return {
    id: item.id as string,
    username: item.username as string,
    name: item.name as string,
    role: item.role as Role,
    orgUnitId: item.orgUnitId as string,
    passwordHash: item.passwordHash as string,
    active: item.active === true,
  }
}

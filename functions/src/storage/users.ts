/*
 * Users. Access patterns:
 *   get by username     GetItem  pk=USERNAME#<username lower-case>  sk=USER         (the full record)
 *   get by id           GetItem  pk=USERID#<id> sk=USER → {username}, then get by username
 *   users of a unit     Query gsi1  gsi1pk=UNIT_USERS#<orgUnitId>  (gsi1sk=<username lower-case>), paginated
 *   which usernames exist  BatchGetItem of ≤ 100 username keys per call (import validation), projection pk only
 *   create              TransactWrite of two conditional Puts (attribute_not_exists(pk)):
 *                         the record above, and an id guard pk=USERID#<id> sk=USER {username}
 *                       so neither a username nor an id can be taken twice, even by concurrent
 *                       requests. The guard also gives get-by-id a GetItem path.
 *   create many         the same two Puts per user, 50 users (100 items, DynamoDB's limit) per TransactWrite,
 *                       a few transactions in flight; every item carries the import's id. If any transaction
 *                       fails, the ones that succeeded are deleted again (BatchWrite) before the error surfaces:
 *                       an import lands whole or not at all.
 *   update              UpdateItem on the username key, attribute_exists(pk) [AND passwordHash = :expected],
 *                       ReturnValues ALL_NEW; `ADD tokenVersion 1` when the change must revoke tokens.
 * Usernames are keyed case-insensitively ("CanBo.SonTan" logs in as canbo.sontan) but stored as given.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { AppError } from '../../../shared/errors'
import { dynamo, isConditionalCheckFailed, transactionConditionFailed } from './errors'
import { GSI1PK, GSI1SK, PK, SK, type RepoDeps } from './item'
import type { Role, UserRecord } from './records'
import { queryGsi1Partition } from './query-all'

export const userKey = (username: string) => ({ [PK]: `USERNAME#${username.toLowerCase()}`, [SK]: 'USER' })
export const userIdKey = (id: string) => ({ [PK]: `USERID#${id}`, [SK]: 'USER' })
export const unitUsersPartition = (orgUnitId: string) => `UNIT_USERS#${orgUnitId}`
/** The stored item of a user record (import-jobs.ts writes accounts in its own transactions). */
export const userItem = (user: UserRecord): Record<string, unknown> => toItem(user)

/** Users per TransactWrite: two items each, and DynamoDB allows 100 items per transaction. */
const USERS_PER_TRANSACTION = 50
const IMPORT_CONCURRENCY = 8

export type UserChange = {
  passwordHash?: string
  mustChangePassword?: boolean
  active?: boolean
  /** Raise tokenVersion: every token issued before stops working. */
  revokeTokens?: boolean
}

export type ImportOptions = {
  /** Stored on every item written, so an operator can find (and a rollback only touches) this import's items. */
  importId: string
}

export function usersRepository({ client, tableName }: RepoDeps) {
  const userPuts = (user: UserRecord, extra: Record<string, unknown> = {}) => {
    const mustBeNew = `attribute_not_exists(${PK})`
    return [
      { Put: { TableName: tableName, Item: { ...toItem(user), ...extra }, ConditionExpression: mustBeNew } },
      { Put: { TableName: tableName, Item: { ...userIdKey(user.id), entity: 'userId', username: user.username, ...extra }, ConditionExpression: mustBeNew } },
    ]
  }

  async function getByUsername(username: string): Promise<UserRecord | undefined> {
    const out = await dynamo('users.getByUsername', () =>
      client.send(new GetCommand({ TableName: tableName, Key: userKey(username), ConsistentRead: true })),
    )
    return out.Item ? fromItem(out.Item) : undefined
  }

  async function deleteKeys(keys: Record<string, string>[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }))
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`users.rollback: ${requests.length} deletes left unprocessed`)
        if (attempt > 0) await sleep(50 * 2 ** attempt)
        const out = await dynamo('users.rollback', () => client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } })))
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests
      }
    }
  }

  async function deleteIfFromImport(key: Record<string, string>, importId: string): Promise<void> {
    try {
      await dynamo('users.rollback', () =>
        client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: key,
            ConditionExpression: 'importId = :importId',
            ExpressionAttributeValues: { ':importId': importId },
          }),
        ),
      )
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err // not ours (or never written): leave it
    }
  }

  return {
    getByUsername,

    async getById(id: string): Promise<UserRecord | undefined> {
      const guard = await dynamo('users.getById', () =>
        client.send(new GetCommand({ TableName: tableName, Key: userIdKey(id), ConsistentRead: true })),
      )
      const username = guard.Item?.username
      if (typeof username !== 'string') return undefined
      const user = await getByUsername(username)
      return user?.id === id ? user : undefined
    },

    /** Sorted by username. Query on gsi1, never Scan. */
    async listByUnit(orgUnitId: string): Promise<UserRecord[]> {
      const items = await queryGsi1Partition({ client, tableName }, 'users.listByUnit', unitUsersPartition(orgUnitId))
      const users = items.map(fromItem)
      return users
    },

    /** The usernames (lower-case) among `usernames` that are taken. */
    async existingUsernames(usernames: string[]): Promise<Set<string>> {
      const found = new Set<string>()
      const keys = [...new Set(usernames.map((u) => u.toLowerCase()))].map((u) => userKey(u))
      const chunks: (typeof keys)[] = []
      for (let i = 0; i < keys.length; i += 100) chunks.push(keys.slice(i, i + 100))
      await pool(chunks, IMPORT_CONCURRENCY, async (chunk) => {
        let pending: Record<string, unknown>[] = chunk
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 8) throw new AppError('unavailable', 'The database is busy (users.existingUsernames); please try again.')
          if (attempt > 0) await sleep(50 * 2 ** attempt)
          const out = await dynamo('users.existingUsernames', () =>
            client.send(
              new BatchGetCommand({
                RequestItems: { [tableName]: { Keys: pending, ProjectionExpression: '#pk', ExpressionAttributeNames: { '#pk': PK }, ConsistentRead: true } },
              }),
            ),
          )
          for (const item of out.Responses?.[tableName] ?? []) found.add(String(item[PK]).slice('USERNAME#'.length))
          pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[]
        }
      })
      return found
    },

    async put(user: UserRecord): Promise<void> {
      try {
        await dynamo('users.put', () => client.send(new TransactWriteCommand({ TransactItems: userPuts(user) })))
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

    /**
     * Creates every user or none (see the header). A username taken meanwhile surfaces as AppError('conflict')
     * naming it, after the rollback.
     */
    async putMany(users: UserRecord[], { importId }: ImportOptions): Promise<void> {
      const batches: UserRecord[][] = []
      for (let i = 0; i < users.length; i += USERS_PER_TRANSACTION) batches.push(users.slice(i, i + USERS_PER_TRANSACTION))
      const written: UserRecord[][] = []
      // A batch that failed with anything but a refused condition (a timeout, a dropped connection) may have been
      // written after all: its items are deleted only where they carry this import's id.
      const uncertain: UserRecord[][] = []
      let failure: unknown
      await pool(batches, IMPORT_CONCURRENCY, async (batch) => {
        if (failure) return // stop dispatching once one batch failed; in-flight ones finish and are rolled back
        try {
          await dynamo('users.putMany', () =>
            client.send(new TransactWriteCommand({ TransactItems: batch.flatMap((u) => userPuts(u, { importId })) })),
          )
          written.push(batch)
        } catch (err) {
          if ((err as { name?: string }).name !== 'TransactionCanceledException') uncertain.push(batch)
          failure ??= describeImportFailure(err, batch)
        }
      })
      if (!failure) return
      const created = written.flat()
      try {
        await deleteKeys(created.flatMap((u) => [userKey(u.username), userIdKey(u.id)]))
        await pool(
          uncertain.flat().flatMap((u) => [userKey(u.username), userIdKey(u.id)]),
          IMPORT_CONCURRENCY,
          (key) => deleteIfFromImport(key, importId),
        )
      } catch (rollbackError) {
        // Logged loudly: the import id on the items lets an operator finish the clean-up.
        console.error(JSON.stringify({ level: 'error', msg: 'import rollback failed', importId, created: created.length, error: String(rollbackError) }))
        throw new AppError('unavailable', 'The import failed and could not be fully undone; contact the operator', {
          details: { importId },
          cause: rollbackError,
        })
      }
      throw failure
    },

    /** Applies `change` to an existing user; `expectPasswordHash` makes it conditional (password change). */
    async update(username: string, change: UserChange, opts: { expectPasswordHash?: string } = {}): Promise<UserRecord> {
      const sets: string[] = []
      const names: Record<string, string> = { '#pk': PK }
      const values: Record<string, unknown> = {}
      const set = (attr: string, value: unknown) => {
        names[`#${attr}`] = attr
        values[`:${attr}`] = value
        sets.push(`#${attr} = :${attr}`)
      }
      if (change.passwordHash !== undefined) set('passwordHash', change.passwordHash)
      if (change.mustChangePassword !== undefined) set('mustChangePassword', change.mustChangePassword)
      if (change.active !== undefined) set('active', change.active)
      let expression = sets.length > 0 ? `SET ${sets.join(', ')}` : ''
      if (change.revokeTokens) {
        names['#tv'] = 'tokenVersion'
        values[':one'] = 1
        expression += ' ADD #tv :one'
      }
      if (!expression) throw new Error('users.update: nothing to change')
      let condition = 'attribute_exists(#pk)'
      if (opts.expectPasswordHash !== undefined) {
        names['#expected'] = 'passwordHash'
        values[':expectedHash'] = opts.expectPasswordHash
        condition += ' AND #expected = :expectedHash'
      }
      try {
        const out = await dynamo('users.update', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: userKey(username),
              UpdateExpression: expression.trim(),
              ConditionExpression: condition,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
              ReturnValues: 'ALL_NEW',
            }),
          ),
        )
        return fromItem(out.Attributes ?? {})
      } catch (err) {
        if (isConditionalCheckFailed(err)) {
          throw new AppError('conflict', `User "${username}" was changed or removed meanwhile; reload and try again`, { details: { username } })
        }
        throw err
      }
    },
  }
}

function describeImportFailure(err: unknown, batch: UserRecord[]): unknown {
  const reasons = (err as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons
  if ((err as { name?: string }).name === 'TransactionCanceledException' && reasons) {
    const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed')
    if (failed >= 0) {
      const user = batch[Math.floor(failed / 2)]
      return new AppError('conflict', `Username "${user?.username}" was taken while the import was running; nothing was imported`, {
        details: { username: user?.username },
        cause: err,
      })
    }
  }
  return err
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T)
  })
  await Promise.all(runners)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function toItem(user: UserRecord): Record<string, unknown> {
  const { id, username, name, role, orgUnitId, passwordHash, active, mustChangePassword, tokenVersion, createdAt } = user
  return {
    ...userKey(username),
    entity: 'user',
    [GSI1PK]: unitUsersPartition(orgUnitId),
    [GSI1SK]: username.toLowerCase(),
    id,
    username,
    name,
    role,
    orgUnitId,
    passwordHash,
    active,
    ...(mustChangePassword ? { mustChangePassword: true } : {}),
    ...(tokenVersion ? { tokenVersion } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
  }
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
    ...(item.mustChangePassword === true ? { mustChangePassword: true } : {}),
    ...(typeof item.tokenVersion === 'number' && item.tokenVersion > 0 ? { tokenVersion: item.tokenVersion } : {}),
    ...(typeof item.createdAt === 'string' ? { createdAt: item.createdAt } : {}),
  }
}

/**
 * The write of a commune merge (storage/merges.ts) for one of a merged-away commune's accounts: moved to the
 * successor (the unit's user list follows; tokens naming the old commune stop working, auth/middleware compares
 * the unit) or deactivated (tokens revoked). Conditional on the account still being on the old commune.
 */
export function userMergeUpdate(tableName: string, user: Pick<UserRecord, 'username' | 'orgUnitId'>, action: 'move' | 'deactivate', intoId: string) {
  const base = {
    TableName: tableName,
    Key: userKey(user.username),
    ConditionExpression: 'attribute_exists(#pk) AND #unit = :old',
  }
  if (action === 'move')
    return {
      Update: {
        ...base,
        UpdateExpression: 'SET #unit = :into, #gpk = :part',
        ExpressionAttributeNames: { '#pk': PK, '#unit': 'orgUnitId', '#gpk': GSI1PK },
        ExpressionAttributeValues: { ':old': user.orgUnitId, ':into': intoId, ':part': unitUsersPartition(intoId) },
      },
    }
  return {
    Update: {
      ...base,
      UpdateExpression: 'SET #active = :false ADD #tv :one',
      ExpressionAttributeNames: { '#pk': PK, '#unit': 'orgUnitId', '#active': 'active', '#tv': 'tokenVersion' },
      ExpressionAttributeValues: { ':old': user.orgUnitId, ':false': false, ':one': 1 },
    },
  }
}

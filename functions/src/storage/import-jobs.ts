/*
 * Account-import jobs (functions/src/accounts/import-job.ts): an import survives a crash, a timeout or a lost answer,
 * and runs in steps that each fit one request. Access patterns:
 *   job        pk=IMPORTJOB#<provinceId>  sk=JOB#<jobId>                 status, counters, the password seed
 *   rows       pk=IMPORTJOB#<provinceId>  sk=JOB#<jobId>#ROWS#<chunk 4>  ≤ 500 checked rows, with their user ids
 *   create     BatchWrite the rows (identical whoever writes them: ids are derived from the job and the username),
 *              then Put the job attribute_not_exists: the first of two identical requests creates it
 *   get        GetItem job; GetItem one rows chunk at a time
 *   progress   UpdateItem job SET <counter> = :k, condition <counter> < :k (counters only grow)
 *   status     UpdateItem job SET status = :to, condition status = :from
 *   users      TransactWrite of ≤ 50 users × (record + id guard), each Put conditioned on
 *              attribute_not_exists(pk) OR (importJob = :job AND active = false): repeating a step rewrites the
 *              job's own inactive accounts and nothing else; an account of another origin cancels the
 *              transaction (ReturnValuesOnConditionCheckFailure tells whose it is)
 *   activate   TransactWrite of ≤ 100 Updates SET active = true, condition importJob = :job
 *   roll back  TransactWrite of ≤ 50 users × 2 Deletes, condition importJob = :job AND active = false
 */
import { BatchWriteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Role, UserRecord } from './records'
import { dynamo, isConditionalCheckFailed } from './errors'
import { PK, SK, type RepoDeps } from './item'
import { userIdKey, userItem, userKey } from './users'

export const IMPORT_ROWS_PER_CHUNK = 500
const USERS_PER_TRANSACTION = 50
const CONCURRENCY = 4

export type ImportJobRow = { line: number; name: string; username: string; role: Role; orgUnitId: string; userId: string }

/**
 * creating → activating → done, or, when an account of the file was taken meanwhile, failed → rolled_back.
 * Accounts are created inactive; none is activated before every one exists.
 */
export type ImportJobStatus = 'creating' | 'activating' | 'done' | 'rolling_back' | 'rolled_back'

export type ImportJob = {
  id: string
  provinceId: string
  by: string
  createdAt: string
  status: ImportJobStatus
  total: number
  chunks: number
  /** Chunks whose accounts exist (inactive), counted from the first. */
  createdChunks: number
  activatedChunks: number
  rolledBackChunks: number
  /** Derives the one-time passwords (with the server's secret); removed once the administrator has them. */
  seed?: string
  /** Why the job was rolled back (a username taken after the file was checked). */
  failure?: { line: number; username: string }
}

const partition = (provinceId: string) => `IMPORTJOB#${provinceId}`
const jobKey = (provinceId: string, id: string) => ({ [PK]: partition(provinceId), [SK]: `JOB#${id}` })
const chunkKey = (provinceId: string, id: string, chunk: number) => ({
  [PK]: partition(provinceId),
  [SK]: `JOB#${id}#ROWS#${String(chunk).padStart(4, '0')}`,
})

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failure: unknown
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length && failure === undefined) {
        const item = items[next++]!
        try {
          await work(item)
        } catch (err) {
          failure ??= err
        }
      }
    }),
  )
  if (failure !== undefined) throw failure
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function fromItem(item: Record<string, unknown>): ImportJob {
  const { [PK]: _pk, [SK]: _sk, entity: _entity, ...rest } = item
  return rest as ImportJob
}

export type ImportJobsRepository = ReturnType<typeof importJobsRepository>

export function importJobsRepository({ client, tableName }: RepoDeps) {
  const batchWrite = async (requests: Record<string, unknown>[], operation: string) => {
    for (let i = 0; i < requests.length; i += 25) {
      let pending = requests.slice(i, i + 25)
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`${operation}: ${pending.length} writes left unprocessed`)
        if (attempt > 0) await sleep(50 * 2 ** attempt)
        const out = await dynamo(operation, () => client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } })))
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending
      }
    }
  }

  return {
    async get(provinceId: string, id: string): Promise<ImportJob | undefined> {
      const out = await dynamo('importJobs.get', () => client.send(new GetCommand({ TableName: tableName, Key: jobKey(provinceId, id), ConsistentRead: true })))
      return out.Item ? fromItem(out.Item) : undefined
    },

    /** The job, created with its rows unless it exists already and is not rolled back (then it is returned as it is). */
    async create(job: ImportJob, rows: ImportJobRow[]): Promise<ImportJob> {
      const chunks: ImportJobRow[][] = []
      for (let i = 0; i < rows.length; i += IMPORT_ROWS_PER_CHUNK) chunks.push(rows.slice(i, i + IMPORT_ROWS_PER_CHUNK))
      await batchWrite(
        chunks.map((chunk, i) => ({ PutRequest: { Item: { ...chunkKey(job.provinceId, job.id, i), entity: 'importRows', rows: chunk } } })),
        'importJobs.create',
      )
      try {
        await dynamo('importJobs.create', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: jobKey(job.provinceId, job.id),
              // A rolled-back job of the same file is started afresh (its accounts are gone).
              UpdateExpression: `SET ${Object.keys(job).map((k) => `#${k} = :${k}`).join(', ')}, entity = :entity REMOVE failure`,
              ConditionExpression: `attribute_not_exists(${PK}) OR #status = :rolledBack`,
              ExpressionAttributeNames: Object.fromEntries(Object.keys(job).map((k) => [`#${k}`, k])),
              ExpressionAttributeValues: {
                ...Object.fromEntries(Object.entries(job).map(([k, v]) => [`:${k}`, v])),
                ':entity': 'importJob',
                ':rolledBack': 'rolled_back',
              },
            }),
          ),
        )
        return job
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err
        return (await this.get(job.provinceId, job.id))!
      }
    },

    async rows(job: Pick<ImportJob, 'provinceId' | 'id'>, chunk: number): Promise<ImportJobRow[]> {
      const out = await dynamo('importJobs.rows', () =>
        client.send(new GetCommand({ TableName: tableName, Key: chunkKey(job.provinceId, job.id, chunk), ConsistentRead: true })),
      )
      if (!out.Item) throw new Error(`import job ${job.id}: rows chunk ${chunk} is missing`)
      return out.Item.rows as ImportJobRow[]
    },

    /** Raises a counter to `value` (never lowers it: a slower request repeating a step cannot undo progress). */
    async progress(job: ImportJob, counter: 'createdChunks' | 'activatedChunks' | 'rolledBackChunks', value: number): Promise<void> {
      try {
        await dynamo('importJobs.progress', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: jobKey(job.provinceId, job.id),
              UpdateExpression: 'SET #c = :v',
              ConditionExpression: '#c < :v',
              ExpressionAttributeNames: { '#c': counter },
              ExpressionAttributeValues: { ':v': value },
            }),
          ),
        )
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err
      }
    },

    /** from → to; false if the job was not in `from` (another request moved it). */
    async setStatus(
      job: ImportJob,
      from: ImportJobStatus,
      to: ImportJobStatus,
      extra: { removeSeed?: boolean; failure?: ImportJob['failure'] } = {},
    ): Promise<boolean> {
      try {
        await dynamo('importJobs.setStatus', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: jobKey(job.provinceId, job.id),
              UpdateExpression: `SET #s = :to${extra.failure ? ', failure = :failure' : ''}${extra.removeSeed ? ' REMOVE seed' : ''}`,
              ConditionExpression: '#s = :from',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':from': from, ':to': to, ...(extra.failure ? { ':failure': extra.failure } : {}) },
            }),
          ),
        )
        return true
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false
        throw err
      }
    },

    /** Removes the password seed of a finished job: its one-time passwords can no longer be shown. */
    async forgetSeed(job: ImportJob): Promise<void> {
      await dynamo('importJobs.forgetSeed', () =>
        client.send(new UpdateCommand({ TableName: tableName, Key: jobKey(job.provinceId, job.id), UpdateExpression: 'REMOVE seed' })),
      )
    },

    /**
     * Writes these accounts inactive, as this job's; repeating it is harmless. Returns the usernames held by an
     * account that is not this job's inactive one (taken meanwhile, or already activated by this job: `ours`).
     */
    async putUsers(jobId: string, users: UserRecord[]): Promise<{ taken: string[] }> {
      const batches: UserRecord[][] = []
      for (let i = 0; i < users.length; i += USERS_PER_TRANSACTION) batches.push(users.slice(i, i + USERS_PER_TRANSACTION))
      const taken: string[] = []
      const condition = `attribute_not_exists(${PK}) OR (importJob = :job AND active = :inactive)`
      const values = { ':job': jobId, ':inactive': false }
      await pool(batches, CONCURRENCY, async (first) => {
        let batch = first
        for (let attempt = 0; batch.length > 0; attempt++) {
          try {
            await dynamo('importJobs.putUsers', () =>
              client.send(
                new TransactWriteCommand({
                  TransactItems: batch.flatMap((u) => [
                    { Put: { TableName: tableName, Item: { ...userItem({ ...u, active: false }), importJob: jobId }, ConditionExpression: condition, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
                    { Put: { TableName: tableName, Item: { ...userIdKey(u.id), entity: 'userId', username: u.username, importJob: jobId }, ConditionExpression: `attribute_not_exists(${PK}) OR importJob = :job`, ExpressionAttributeValues: { ':job': jobId } } },
                  ]),
                }),
              ),
            )
            return
          } catch (err) {
            const reasons = (err as { name?: string; CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] }).CancellationReasons
            if ((err as { name?: string }).name !== 'TransactionCanceledException' || !reasons) throw err
            if (attempt > 8) throw err
            const refused = new Set<number>()
            reasons.forEach((r, i) => r.Code === 'ConditionalCheckFailed' && refused.add(Math.floor(i / 2)))
            if (refused.size === 0) {
              // Only conflicts with concurrent transactions: wait and repeat the same batch.
              await sleep(20 * 2 ** attempt)
              continue
            }
            for (const i of refused) {
              // The document client leaves a cancellation's items marshalled ({ S: … }).
              const owner = reasons[i * 2]?.Item?.importJob as string | { S?: string } | undefined
              // This job's account, already active (a later step ran meanwhile): nothing to write. Otherwise taken.
              if ((typeof owner === 'object' ? owner?.S : owner) !== jobId) taken.push(batch[i]!.username)
            }
            batch = batch.filter((_, i) => !refused.has(i))
          }
        }
      })
      return { taken }
    },

    async activate(jobId: string, usernames: string[]): Promise<void> {
      const batches: string[][] = []
      for (let i = 0; i < usernames.length; i += 100) batches.push(usernames.slice(i, i + 100))
      await pool(batches, CONCURRENCY, async (batch) => {
        await dynamo('importJobs.activate', () =>
          client.send(
            new TransactWriteCommand({
              TransactItems: batch.map((username) => ({
                Update: {
                  TableName: tableName,
                  Key: userKey(username),
                  UpdateExpression: 'SET active = :active',
                  ConditionExpression: 'importJob = :job',
                  ExpressionAttributeValues: { ':active': true, ':job': jobId },
                },
              })),
            }),
          ),
        )
      })
    },

    /**
     * Deletes this job's accounts that are still inactive, 50 users (100 conditional Deletes) per transaction; an
     * item that is missing or not the job's cancels its transaction and is left out of the next attempt.
     */
    async deleteUsers(jobId: string, users: Pick<ImportJobRow, 'username' | 'userId'>[]): Promise<void> {
      const batches: (typeof users)[] = []
      for (let i = 0; i < users.length; i += USERS_PER_TRANSACTION) batches.push(users.slice(i, i + USERS_PER_TRANSACTION))
      await pool(batches, CONCURRENCY, async (first) => {
        let items = first.flatMap((u) => [
          { Key: userKey(u.username), ConditionExpression: 'importJob = :job AND active = :inactive', ExpressionAttributeValues: { ':job': jobId, ':inactive': false } },
          { Key: userIdKey(u.userId), ConditionExpression: 'importJob = :job', ExpressionAttributeValues: { ':job': jobId } },
        ])
        for (let attempt = 0; items.length > 0; attempt++) {
          try {
            await dynamo('importJobs.deleteUsers', () =>
              client.send(new TransactWriteCommand({ TransactItems: items.map((d) => ({ Delete: { TableName: tableName, ...d } })) })),
            )
            return
          } catch (err) {
            const reasons = (err as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons
            if ((err as { name?: string }).name !== 'TransactionCanceledException' || !reasons || attempt > 8) throw err
            const refused = new Set(reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : [])))
            if (refused.size === 0) await sleep(20 * 2 ** attempt)
            items = items.filter((_, i) => !refused.has(i))
          }
        }
      })
    },
  }
}

/*
 * Failed-login counters, one item per username and one per client IP. Access patterns:
 *   read          GetItem (consistent)  pk=LOGINFAIL#<user|ip>#<username lower-case | ip>  sk=LOGINFAIL
 *   count failure UpdateItem SET failures = failures + 1 IF windowStart > now − window (the window is still open),
 *                 else Put {failures: 1, windowStart: now} IF the item is absent or its window is over;
 *                 then, at the threshold, UpdateItem SET lockedUntil
 *   reset         DeleteItem (a successful login clears its username's counter)
 *   known device  PutItem pk=LOGINDEV#<username lower-case>#<SHA-256 of the device id> sk=LOGINDEV at a successful
 *                 login; GetItem (consistent) when the username is locked: a device that logged in before may still
 *                 try its password (auth/lockout.ts)
 *   logout        PutItem pk=SESSIONREVOKED#<session id> until the session's last token expires; GetItem (consistent)
 *                 for every request carrying a session id (auth/middleware.ts)
 * Every item carries `expiresAt` (epoch seconds), the table's TTL attribute, so DynamoDB removes stale counters
 * by itself. TTL deletion can lag by days, so the code never relies on it: windows and locks are compared with
 * the injected clock.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { dynamo, isConditionalCheckFailed } from './errors'
import { PK, SK, type RepoDeps } from './item'
import { TTL_ATTRIBUTE } from './table-definition'

export type AttemptState = {
  failures: number
  /** Epoch ms of the first failure of the current window. */
  windowStart: number
  /** Epoch ms until which logins are refused, if locked. */
  lockedUntil?: number
}

/**
 * `maxFailures` failures inside `windowMs` lock the key for `lockMs`; with `maxLockMs`, every further failure
 * doubles the lock (growing delays) up to `maxLockMs`.
 */
export type LockoutPolicy = { windowMs: number; maxFailures: number; lockMs: number; maxLockMs?: number }

/** The lock that the `failures`-th failure earns (≥ maxFailures). */
export function lockDuration(policy: LockoutPolicy, failures: number): number {
  if (!policy.maxLockMs) return policy.lockMs
  const doublings = Math.min(30, Math.max(0, failures - policy.maxFailures))
  return Math.min(policy.maxLockMs, policy.lockMs * 2 ** doublings)
}

const attemptKey = (key: string) => ({ [PK]: `LOGINFAIL#${key}`, [SK]: 'LOGINFAIL' })
const revokedKey = (sessionId: string) => ({ [PK]: `SESSIONREVOKED#${sessionId}`, [SK]: 'SESSIONREVOKED' })
const deviceKey = (key: string, deviceHash: string) => ({ [PK]: `LOGINDEV#${key}#${deviceHash}`, [SK]: 'LOGINDEV' })

export function loginAttemptsRepository({ client, tableName }: RepoDeps) {
  const expiresAt = (nowMs: number, policy: LockoutPolicy) =>
    Math.ceil((nowMs + policy.windowMs + Math.max(policy.lockMs, policy.maxLockMs ?? 0)) / 1000)

  async function increment(key: string, nowMs: number, policy: LockoutPolicy): Promise<AttemptState | undefined> {
    try {
      const out = await dynamo('loginAttempts.increment', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: attemptKey(key),
            UpdateExpression: 'SET failures = failures + :one, #ttl = :exp',
            ConditionExpression: 'windowStart > :floor',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':one': 1, ':floor': nowMs - policy.windowMs, ':exp': expiresAt(nowMs, policy) },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      )
      return fromItem(out.Attributes)
    } catch (err) {
      if (isConditionalCheckFailed(err)) return undefined
      throw err
    }
  }

  async function startWindow(key: string, nowMs: number, policy: LockoutPolicy): Promise<AttemptState | undefined> {
    const state: AttemptState = { failures: 1, windowStart: nowMs }
    try {
      await dynamo('loginAttempts.startWindow', () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...attemptKey(key), entity: 'loginAttempts', ...state, [TTL_ATTRIBUTE]: expiresAt(nowMs, policy) },
            ConditionExpression: `attribute_not_exists(${PK}) OR windowStart <= :floor`,
            ExpressionAttributeValues: { ':floor': nowMs - policy.windowMs },
          }),
        ),
      )
      return state
    } catch (err) {
      if (isConditionalCheckFailed(err)) return undefined // a concurrent failure opened the window first
      throw err
    }
  }

  return {
    async get(key: string): Promise<AttemptState | undefined> {
      const out = await dynamo('loginAttempts.get', () =>
        client.send(new GetCommand({ TableName: tableName, Key: attemptKey(key), ConsistentRead: true })),
      )
      return fromItem(out.Item)
    },

    /** Counts one failure; locks the key when this failure reaches the threshold. Returns the new state. */
    async recordFailure(key: string, nowMs: number, policy: LockoutPolicy): Promise<AttemptState> {
      let state: AttemptState | undefined
      for (let attempt = 0; !state && attempt < 3; attempt++) {
        state = (await increment(key, nowMs, policy)) ?? (await startWindow(key, nowMs, policy))
      }
      if (!state) return { failures: 1, windowStart: nowMs } // lost three races in a row: count it next time
      if (state.failures >= policy.maxFailures && !(state.lockedUntil && state.lockedUntil > nowMs)) {
        const lockedUntil = nowMs + lockDuration(policy, state.failures)
        await dynamo('loginAttempts.lock', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: attemptKey(key),
              UpdateExpression: 'SET lockedUntil = :until, #ttl = :exp',
              ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
              ExpressionAttributeValues: { ':until': lockedUntil, ':exp': expiresAt(nowMs, policy) },
            }),
          ),
        )
        state = { ...state, lockedUntil }
      }
      return state
    },

    async clear(key: string): Promise<void> {
      await dynamo('loginAttempts.clear', () => client.send(new DeleteCommand({ TableName: tableName, Key: attemptKey(key) })))
    },

    /** Remembers that this device logged in as `key` (a username key) until `untilMs`. */
    async rememberDevice(key: string, deviceHash: string, untilMs: number): Promise<void> {
      await dynamo('loginAttempts.rememberDevice', () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...deviceKey(key, deviceHash), entity: 'loginDevice', until: untilMs, [TTL_ATTRIBUTE]: Math.ceil(untilMs / 1000) },
          }),
        ),
      )
    },

    /** A logged-out session: its tokens are refused until `untilMs`, when they would have expired anyway. */
    async revokeSession(sessionId: string, untilMs: number): Promise<void> {
      await dynamo('loginAttempts.revokeSession', () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...revokedKey(sessionId), entity: 'revokedSession', until: untilMs, [TTL_ATTRIBUTE]: Math.ceil(untilMs / 1000) },
          }),
        ),
      )
    },

    async isSessionRevoked(sessionId: string): Promise<boolean> {
      const out = await dynamo('loginAttempts.isSessionRevoked', () =>
        client.send(new GetCommand({ TableName: tableName, Key: revokedKey(sessionId), ConsistentRead: true })),
      )
      return !!out.Item
    },

    async isKnownDevice(key: string, deviceHash: string, nowMs: number): Promise<boolean> {
      const out = await dynamo('loginAttempts.isKnownDevice', () =>
        client.send(new GetCommand({ TableName: tableName, Key: deviceKey(key, deviceHash), ConsistentRead: true })),
      )
      return typeof out.Item?.until === 'number' && out.Item.until > nowMs
    },
  }
}

function fromItem(item: Record<string, unknown> | undefined): AttemptState | undefined {
  if (!item || typeof item.failures !== 'number' || typeof item.windowStart !== 'number') return undefined
  return {
    failures: item.failures,
    windowStart: item.windowStart,
    ...(typeof item.lockedUntil === 'number' ? { lockedUntil: item.lockedUntil } : {}),
  }
}

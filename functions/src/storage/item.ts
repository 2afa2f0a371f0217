// Helpers shared by the repositories for turning domain objects into items and back.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { tableDefinition } from './table-definition'

export type RepoDeps = {
  client: DynamoDBDocumentClient
  tableName: string
}

export const PK = tableDefinition.primaryIndex.hashKey
export const SK = tableDefinition.primaryIndex.rangeKey
export const GSI1 = 'gsi1' satisfies keyof typeof tableDefinition.globalIndexes
export const GSI1PK = tableDefinition.globalIndexes.gsi1.hashKey
export const GSI1SK = tableDefinition.globalIndexes.gsi1.rangeKey

/** Attributes that exist only for DynamoDB; never returned to callers. */
const STORAGE_ONLY = new Set<string>([PK, SK, GSI1PK, GSI1SK, 'entity'])

export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !STORAGE_ONLY.has(key)))
}

/**
 * Drops undefined values at any depth. The injected document client may not be configured with
 * removeUndefinedValues, and an optional field left as `undefined` (e.g. an answer's `note`) would
 * otherwise make the marshaller throw.
 */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => compact(v)) as T
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, compact(v)]),
    ) as T
  }
  return value
}

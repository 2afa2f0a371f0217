// Plain data with no imports: both `stacks/storage.ts` (sst.aws.Dynamo) and the local
// CreateTable read this, so the deployed table and the local one cannot drift apart.
//
// The shape is sst.aws.Dynamo's own, so the stack can pass it straight through:
//   new sst.aws.Dynamo('Table', { fields, primaryIndex, globalIndexes })
// Only key attributes are declared; DynamoDB is schemaless for everything else.

export const tableDefinition = {
  fields: {
    pk: 'string',
    sk: 'string',
    gsi1pk: 'string',
    gsi1sk: 'string',
  },
  primaryIndex: { hashKey: 'pk', rangeKey: 'sk' },
  globalIndexes: {
    // Sparse: only items that set gsi1pk appear (org-unit children, assessments by review unit, users of a unit).
    gsi1: { hashKey: 'gsi1pk', rangeKey: 'gsi1sk', projection: 'all' },
  },
  // Epoch seconds after which DynamoDB may delete the item (failed-login counters). Not a key attribute.
  ttl: 'expiresAt',
} as const

export const TTL_ATTRIBUTE = tableDefinition.ttl

export type TableDefinition = typeof tableDefinition
export type GlobalIndexName = keyof TableDefinition['globalIndexes']

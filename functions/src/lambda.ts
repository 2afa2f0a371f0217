import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { streamHandle } from 'hono/aws-lambda'
import { Resource } from 'sst'
import { createApp } from './app'
import { lazyS3BlobStore } from './blobs/lazy-s3-blob-store'
import { createDocumentClient, createStore } from './storage/store'

// The links stacks/api.ts gives this function. Cast rather than augment the `sst` module so this file
// does not clash with the sst-env.d.ts that `sst dev`/`sst deploy` generate.
type Linked = { Table: { name: string }; TokenSecret: { value: string }; Evidence: { name: string } }
const linked = Resource as unknown as Linked

// Module scope: created once per Lambda container and reused across invocations (keeps TCP/TLS warm).
const client = createDocumentClient(
  new DynamoDBClient({
    // The SDK retries throttling itself; keep it short so a throttled request still answers (503) well
    // inside the function timeout instead of hanging.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  }),
)

const app = createApp({
  store: createStore({ client, tableName: linked.Table.name, cacheTtlMs: 30_000 }),
  // Presigning is local computation; only head/delete reach S3, with the same short leash as DynamoDB.
  // The S3 client is created on the first evidence request (lazy-s3-blob-store.ts), not at cold start.
  blobs: lazyS3BlobStore({
    config: { maxAttempts: 3, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } },
    bucket: linked.Evidence.name,
  }),
  auth: { tokenSecret: linked.TokenSecret.value },
})

// Response streaming (stacks/api.ts `streaming: true`, the URL's invoke mode RESPONSE_STREAM): the exports
// (exports/routes.ts) write a province's assessments row by row, which would not fit the 6 MB of a buffered
// response and would have to be held whole in memory first. Every other route's response is streamed as is,
// already gzipped by the app; the local server (@hono/node-server) streams the same Response the same way.
export const handler = streamHandle(app)

import { tableDefinition } from '../functions/src/storage/table-definition'
import { isProductionStage } from './stage'

// The keys come from the same definition the local CreateTable uses, so the deployed table and
// the one the tests run against cannot drift apart. SST always enables point-in-time recovery.
export const table = new sst.aws.Dynamo('Table', {
  fields: tableDefinition.fields,
  primaryIndex: tableDefinition.primaryIndex,
  globalIndexes: tableDefinition.globalIndexes,
  ttl: tableDefinition.ttl,
  // A province's assessments are the record of its review; `protect` guards Pulumi, this guards
  // the console and the API as well.
  deletionProtection: isProductionStage($app.stage),
})

// Evidence photos and PDFs (functions/src/evidence, functions/src/blobs). Private: the API hands out presigned PUT/GET URLs, and the
// signature is the credential. Retained with the table on province stages: app() sets `removal: retain`, and
// forceDestroy is off there too, so even a deliberate delete stops at a non-empty bucket.
export const evidence = new sst.aws.Bucket('Evidence', {
  cors: {
    // Any origin, like the API: the site's URL is only known after the site, which depends on the API, which
    // links this bucket. CORS only decides which pages may read the answer; without a valid signature there is none.
    allowOrigins: ['*'],
    allowMethods: ['PUT', 'GET', 'HEAD'],
    // The presigned PUT signs Content-Type, the SHA-256 and If-None-Match (functions/src/blobs/s3-blob-store.ts),
    // so the browser must send them; Content-Length it sets itself.
    allowHeaders: ['content-type', 'if-none-match', 'x-amz-checksum-sha256'],
    exposeHeaders: ['ETag'],
    // Officers are on 400 ms-RTT 3G: a cached preflight saves a round trip per upload.
    maxAge: '1 day',
  },
  transform: { bucket: { forceDestroy: !isProductionStage($app.stage) } },
})

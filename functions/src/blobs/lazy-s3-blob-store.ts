import type { S3ClientConfig } from '@aws-sdk/client-s3'
import type { BlobStore } from './blob-store'

/*
 * The S3 store of the Lambda (s3-blob-store.ts), with the S3 client and presigner (~150 KB of the bundle, more
 * than the DynamoDB client) loaded on the first evidence request instead of on every cold start: most requests
 * (a save, the queue, the dashboard) never touch a file. Same methods, same behaviour; stacks/api.ts builds
 * with splitting, so the S3 code is a chunk of its own.
 */
export function lazyS3BlobStore(options: { config: S3ClientConfig; bucket: string }): BlobStore {
  let loading: Promise<BlobStore> | undefined
  const store = (): Promise<BlobStore> => {
    loading ??= import('./s3-blob-store').then(({ createS3Client, s3BlobStore }) =>
      s3BlobStore({ client: createS3Client(options.config), bucket: options.bucket }),
    )
    return loading
  }
  return {
    createUpload: async (key, file) => (await store()).createUpload(key, file),
    createDownload: async (key, file) => (await store()).createDownload(key, file),
    head: async (key) => (await store()).head(key),
    delete: async (key) => (await store()).delete(key),
  }
}

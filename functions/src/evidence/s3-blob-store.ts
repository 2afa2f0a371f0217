// Evidence bytes in the stage's private S3 bucket (stacks/storage.ts "Evidence"), reached only through presigned URLs.
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { AppError } from '../../../shared/errors'
import { isTransientDynamoError } from '../storage/errors'
import {
  contentDisposition,
  DOWNLOAD_URL_TTL_SECONDS,
  UPLOAD_URL_TTL_SECONDS,
  type BlobInfo,
  type BlobStore,
  type DownloadTarget,
  type UploadTarget,
} from './blob-store'

export type S3BlobStoreOptions = {
  client: S3Client
  bucket: string
  now?: () => Date
}

/**
 * The client settings this store is written for. Checksums only when S3 requires them: by default the SDK adds a
 * CRC32 of the (empty) body to a presigned PutObject, and S3 would then refuse the real bytes.
 */
export function createS3Client(config: ConstructorParameters<typeof S3Client>[0] = {}): S3Client {
  return new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...config })
}

export function s3BlobStore({ client, bucket, now = () => new Date() }: S3BlobStoreOptions): BlobStore {
  const expires = (seconds: number) => new Date(now().getTime() + seconds * 1000).toISOString()
  return {
    async createUpload(key, { contentType, size }): Promise<UploadTarget> {
      const url = await s3('evidence.createUpload', () =>
        getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size }), {
          expiresIn: UPLOAD_URL_TTL_SECONDS,
          signingDate: now(),
          // The presigner leaves content-type unsigned and the SDK never signs content-length unless asked. Signed,
          // S3 refuses a PUT whose type or length differs from what the server checked (403 SignatureDoesNotMatch),
          // so the limits hold even though the bytes never pass through the API.
          signableHeaders: new Set(['content-type', 'content-length']),
        }),
      )
      // Browsers set Content-Length themselves (it may not be set from script); Content-Type must be sent as signed.
      return { url, method: 'PUT', headers: { 'content-type': contentType }, expiresAt: expires(UPLOAD_URL_TTL_SECONDS) }
    },

    async createDownload(key, { filename }): Promise<DownloadTarget> {
      const url = await s3('evidence.createDownload', () =>
        getSignedUrl(
          client,
          new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: contentDisposition(filename) }),
          { expiresIn: DOWNLOAD_URL_TTL_SECONDS, signingDate: now() },
        ),
      )
      return { url, expiresAt: expires(DOWNLOAD_URL_TTL_SECONDS) }
    },

    async head(key): Promise<BlobInfo | undefined> {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
        return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream' }
      } catch (err) {
        if (isMissing(err)) return undefined
        throw mapS3Error(err, 'evidence.head')
      }
    },

    async delete(key): Promise<void> {
      // S3 answers 204 for a key that does not exist: deleting is idempotent on its own.
      await s3('evidence.delete', () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })))
    },
  }
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404
}

// Same rule as the table's: throttling, timeouts and 5xx are "retry later" (503), anything else is a bug.
function mapS3Error(err: unknown, operation: string): unknown {
  if (err instanceof AppError) return err
  if (isTransientDynamoError(err) || (err as { name?: string })?.name === 'SlowDown')
    return new AppError('unavailable', `File storage is temporarily unavailable (${operation}); please try again.`, {
      details: { operation },
      cause: err,
    })
  return err
}

async function s3<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw mapS3Error(err, operation)
  }
}

// Evidence bytes in the stage's private S3 bucket (stacks/storage.ts "Evidence"), reached only through presigned URLs.
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { AppError } from '../../../shared/errors'
import { isTransientDynamoError } from '../storage/errors'
import {
  base64ToHex,
  contentDisposition,
  hexToBase64,
  DOWNLOAD_URL_TTL_SECONDS,
  UPLOAD_URL_TTL_SECONDS,
  type BlobInfo,
  type BlobStore,
  type DownloadTarget,
  type UploadTarget,
} from './blob-store'

/** Headers a presigned upload signs; the bucket's CORS rule (stacks/storage.ts) must allow the ones a browser sends. */
export const SIGNED_UPLOAD_HEADERS = new Set(['content-type', 'content-length', 'if-none-match', 'x-amz-checksum-sha256'])

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
    async createUpload(key, { contentType, size, sha256 }): Promise<UploadTarget> {
      const checksum = hexToBase64(sha256)
      const url = await s3('evidence.createUpload', () =>
        getSignedUrl(
          client,
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            ContentType: contentType,
            ContentLength: size,
            // S3 computes the SHA-256 of the bytes it receives and refuses them (400 BadDigest) unless they match.
            ChecksumSHA256: checksum,
            // Conditional create: once an object exists under the key, this URL can never replace it (412).
            IfNoneMatch: '*',
          }),
          {
            expiresIn: UPLOAD_URL_TTL_SECONDS,
            signingDate: now(),
            // The presigner leaves content-type unsigned and the SDK never signs content-length unless asked. Signed,
            // S3 refuses a PUT whose type, length, checksum or condition differs from what the server checked (403
            // SignatureDoesNotMatch), so the limits hold even though the bytes never pass through the API.
            signableHeaders: SIGNED_UPLOAD_HEADERS,
            // Kept a header (not hoisted into the query) so S3 checks the body against it and the browser must send it.
            unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
          },
        ),
      )
      // Browsers set Content-Length themselves (it may not be set from script); the others must be sent as signed.
      return {
        url,
        method: 'PUT',
        headers: { 'content-type': contentType, 'if-none-match': '*', 'x-amz-checksum-sha256': checksum },
        expiresAt: expires(UPLOAD_URL_TTL_SECONDS),
      }
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
        // ChecksumMode: S3 returns the checksum it verified at upload; that, not the request's claim, is what is confirmed.
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }))
        // A multipart upload's checksum is a checksum of checksums ("…-3"): not the file's hash, so not reported.
        const sha256 = out.ChecksumSHA256 && !out.ChecksumSHA256.includes('-') ? base64ToHex(out.ChecksumSHA256) : undefined
        return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream', ...(sha256 ? { sha256 } : {}) }
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

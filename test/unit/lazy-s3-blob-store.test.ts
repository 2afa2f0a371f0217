// The Lambda's S3 store loads the S3 client on first use (issue 8's cold start); it must behave as the eager one.
import { DeleteObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { lazyS3BlobStore } from '../../functions/src/blobs/lazy-s3-blob-store'

const s3 = mockClient(S3Client)
afterEach(() => s3.reset())

const store = lazyS3BlobStore({
  config: {
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'secret/example/0123456789abcdefghijklmnop' },
  },
  bucket: 'xa-so-lazy-evidence',
})

describe('lazyS3BlobStore', () => {
  it('presigns, heads and deletes through the S3 store it loads on first use', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 5, ContentType: 'image/png' })
    s3.on(DeleteObjectCommand).resolves({})
    const download = await store.createDownload('evidence/x/2025/A1/k', { filename: 'ảnh.png' })
    expect(new URL(download.url).hostname).toBe('xa-so-lazy-evidence.s3.ap-southeast-1.amazonaws.com')
    expect(new URL(download.url).pathname).toBe('/evidence/x/2025/A1/k')
    expect(await store.head('evidence/x/2025/A1/k')).toEqual({ size: 5, contentType: 'image/png' })
    await store.delete('evidence/x/2025/A1/k')
    expect(s3.commandCalls(DeleteObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'xa-so-lazy-evidence', Key: 'evidence/x/2025/A1/k' })
  })

  it('answers missing for an absent object, as the eager store does', async () => {
    s3.on(HeadObjectCommand).rejects(Object.assign(new Error('not found'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }))
    expect(await store.head('evidence/none')).toBeUndefined()
  })
})

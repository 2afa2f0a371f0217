import { OpenAPIHono } from '@hono/zod-openapi'
import type { BlobStore } from '../blobs/blob-store'
import type { Store } from '../storage/store'
import type { Principal, TokenConfig } from '../auth/token'
import { validationHook } from './errors'

export interface AppDeps {
  store: Store
  auth: { tokenSecret: string; tokenTtlSeconds?: number }
  /** Evidence bytes (S3 on AWS, the disk store locally); without it the evidence routes fail as misconfigured. */
  blobs?: BlobStore
  /** Injected for tests (token expiry, updatedAt); defaults to the wall clock. */
  clock?: () => Date
}

/** What every route factory receives: deps with the defaults resolved once. */
export interface Ctx {
  store: Store
  tokens: TokenConfig
  now: () => Date
  /** Proves a request came through our CloudFront (http/edge.ts); derived from the token secret. */
  edgeKey?: PromiseLike<string>
}

export type AppEnv = { Variables: { principal: Principal } }

/** Every router gets the validation hook directly, so it applies even before it is mounted. */
export const newRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

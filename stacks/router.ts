import { EDGE_KEY_HEADER, edgeKeyFor, VIEWER_IP_HEADER } from '../functions/src/http/edge'
import { edgeResponseInjection } from '../functions/src/http/security-headers'
import { tokenSecret } from './secret'
import { tileUrl } from './stage'

// The signal-gap map's tiles are images from their own origin (stacks/stage.ts tileUrl), when the stage has one.
const tiles = tileUrl(process.env)

// The region of sst.config.ts's provider: presigned evidence URLs point at the bucket's regional S3 host.
const REGION = 'ap-southeast-1'

// Proves to the API that a request came through this CloudFront (functions/src/http/edge.ts), so the viewer
// address it carries can be believed; derived from the token secret, so there is no extra secret to set.
const edgeKey = tokenSecret.value.apply((secret) => edgeKeyFor(secret))

/**
 * One origin for the province: the site (stacks/web.ts) and the API under /api (stacks/api.ts) behind one
 * CloudFront. The browser then talks to its own origin only — no CORS — and cookies stay first-party.
 *   viewer request:  the viewer's address and the edge key, for the login limits (auth/client-ip.ts); whatever
 *                    a client sent in these headers is overwritten
 *   viewer response: the hardening headers of http/security-headers.ts (the local server sends the same) with
 *                    HSTS, and no-cache on the service worker and the manifest
 */
export const router = new sst.aws.Router('Router', {
  edge: {
    viewerRequest: {
      injection: $interpolate`event.request.headers[${JSON.stringify(VIEWER_IP_HEADER)}] = { value: event.viewer.ip };
event.request.headers[${JSON.stringify(EDGE_KEY_HEADER)}] = { value: "${edgeKey}" };`,
    },
    viewerResponse: {
      injection: edgeResponseInjection({ hsts: true, fileOrigins: [`https://*.s3.${REGION}.amazonaws.com`, `https://s3.${REGION}.amazonaws.com`, ...(tiles ? [tiles.origin] : [])] }),
    },
  },
})

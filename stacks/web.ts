import { REVALIDATED_FILES } from '../functions/src/http/security-headers'
import { router } from './router'
import { tileUrl } from './stage'

const tiles = tileUrl(process.env)

export const web = new sst.aws.StaticSite('Web', {
  path: 'web',
  build: {
    // Runs inside web/, but npm runs scripts from the package root, so this is the same
    // `vite build web` as everywhere else and writes web/dist (output is relative to `path`).
    command: 'npm run build',
    output: 'dist',
  },
  // Same origin as the API (stacks/router.ts): the app calls /api on its own origin, so no VITE_API_URL.
  router: { instance: router },
  // The signal-gap map's basemap, per stage (stacks/stage.ts tileUrl); absent: points on a plain background.
  ...(tiles ? { environment: { VITE_TILE_URL: tiles.template } } : {}),
  assets: {
    fileOptions: [
      // Icons and other unversioned files: a day.
      { files: '**', cacheControl: 'max-age=86400,public' },
      // Vite fingerprints assets/ and workbox names its runtime by hash: safe to keep forever.
      { files: ['assets/**', 'workbox-*.js'], cacheControl: 'max-age=31536000,public,immutable' },
      // Later entries win. The pages, the service worker and the manifest decide which version every officer's
      // phone runs: SST's default (everything but HTML immutable for a year) would freeze them on their first one.
      { files: ['**/*.html', ...REVALIDATED_FILES], cacheControl: 'max-age=0,no-cache,must-revalidate' },
    ],
  },
  // SST writes a typings file for `environment` on every deploy, by default into web/src. Kept
  // out of the source tree: locally VITE_API_URL is unset (same-origin /api), which that file,
  // typing it as always present, would hide.
  vite: { types: '../.sst/web-env.d.ts' },
})

import { api } from './api'

export const web = new sst.aws.StaticSite('Web', {
  path: 'web',
  build: {
    // Runs inside web/, but npm runs scripts from the package root, so this is the same
    // `vite build web` as everywhere else and writes web/dist (output is relative to `path`).
    command: 'npm run build',
    output: 'dist',
  },
  // Baked in at build time; the API's routes already start with /api.
  environment: { VITE_API_URL: api.url },
  // SST writes a typings file for `environment` on every deploy, by default into web/src. Kept
  // out of the source tree: locally VITE_API_URL is unset (same-origin /api), which that file,
  // typing it as always present, would hide.
  vite: { types: '../.sst/web-env.d.ts' },
})

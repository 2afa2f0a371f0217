import { API_NODEJS, buildLikeSst } from './sst-build'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export type AssetSize = { file: string; raw: number; gzip: number }

/** The JS and CSS the officer's page loads on first visit: what web/dist/index.html references. */
export function officerPageSize(distDir = 'web/dist'): { assets: AssetSize[]; gzipTotal: number; rawTotal: number } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
  const assets = [...new Set(refs)].map((file) => {
    const body = readFileSync(join(distDir, file))
    return { file, raw: body.length, gzip: gzipSync(body, { level: 9 }).length }
  })
  return {
    assets,
    gzipTotal: assets.reduce((s, a) => s + a.gzip, 0),
    rawTotal: assets.reduce((s, a) => s + a.raw, 0),
  }
}

/**
 * The Lambda bundle SST deploys (bench/sst-build.ts: the same esbuild options, banner, splitting and plugins as
 * stacks/api.ts): the entry file a cold start imports, and every chunk (loaded on first use).
 */
export async function lambdaBundleSize(): Promise<{ entry: number; entryGzip: number; total: number; files: number }> {
  const bundle = await buildLikeSst('functions/src/lambda.ts', 'bench/.tmp/sizes-lambda', API_NODEJS)
  return {
    entry: bundle.entryBytes,
    entryGzip: gzipSync(readFileSync(bundle.entry)).length,
    total: bundle.totalBytes,
    files: bundle.files.length,
  }
}

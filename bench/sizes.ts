import { build } from 'esbuild'
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

/** The Lambda handler bundled as SST would (esbuild, minified, ESM, node20): with and without the AWS SDK. */
export async function lambdaBundleSize(): Promise<{ withSdk: number; sdkExternal: number; withSdkGzip: number }> {
  const bundle = (external: string[]) =>
    build({
      entryPoints: ['functions/src/lambda.ts'],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      external,
      write: false,
      logLevel: 'silent',
    })
  const full = await bundle([])
  const lean = await bundle(['@aws-sdk/*'])
  const fullBytes = full.outputFiles[0]!.contents
  return {
    withSdk: fullBytes.length,
    withSdkGzip: gzipSync(fullBytes).length,
    sdkExternal: lean.outputFiles[0]!.contents.length,
  }
}

import { router } from './router'
import { tokenSecret } from './secret'
import { evidence, table } from './storage'

// One Lambda serves the whole Hono app; it reads `Resource.Table.name`, `Resource.Evidence.name` and
// `Resource.TokenSecret.value` through these links (the bucket link also lets it presign for that bucket).
export const api = new sst.aws.Function('Api', {
  handler: 'functions/src/lambda.handler',
  runtime: 'nodejs22.x',
  // The bundle is pure JS (no native modules), so the cheaper Graviton runtime is safe.
  architecture: 'arm64',
  // Memory also buys CPU, which scrypt password checks at login need.
  memory: '1024 MB',
  timeout: '20 seconds',
  // Responses are streamed (functions/src/lambda.ts streamHandle): the assessments export of a province is larger
  // than a buffered response's 6 MB and is written page by page rather than held whole in memory.
  streaming: true,
  // The cold start is mostly code size. Splitting puts what is imported on first use (exceljs: the XLSX export and
  // the account import, functions/src/lazy-exceljs.ts; the routers off the officer's hot path, functions/src/http/
  // lazy.ts) in chunks of their own; the plugins keep one of zod's ~50 message locales. bench/sst-build.ts builds the same way and test/unit/lambda-bundle.test.ts imports the result.
  nodejs: { minify: true, splitting: true, plugins: 'functions/build/esbuild-plugins.mjs' },
  link: [table, evidence, tokenSecret],
  // Served under /api of the province's one CloudFront (stacks/router.ts), the site's own origin: no CORS at all.
  // The function URL itself stays reachable; the API believes the viewer-address header only with the edge key.
  url: {
    router: { instance: router, path: '/api' },
    cors: false,
  },
})

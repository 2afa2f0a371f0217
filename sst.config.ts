/// <reference path="./.sst/platform/config.d.ts" />

// Each province is an isolated copy: `npx sst deploy --stage <province>` (docs/INFRA.md).
// SST refuses top-level imports in this file, hence the dynamic imports, even in app().
export default $config({
  async app(input) {
    const { isProductionStage } = await import('./stacks/stage')
    const production = isProductionStage(input.stage)
    return {
      name: 'xa-so',
      home: 'aws',
      providers: { aws: { region: 'ap-southeast-1' } },
      removal: production ? 'retain' : 'remove',
      protect: production,
    }
  },
  async run() {
    // The component globals only exist while run() executes, so the stacks load here.
    const { table, evidence } = await import('./stacks/storage')
    await import('./stacks/secret')
    const { router } = await import('./stacks/router')
    const { api } = await import('./stacks/api')
    const { web } = await import('./stacks/web')
    // `web` is the province's one address (site and /api); `api` is the same origin's /api.
    return { web: router.url, api: api.url, site: web.url, table: table.name, evidence: evidence.name }
  },
})

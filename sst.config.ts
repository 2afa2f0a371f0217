/// <reference path="./.sst/platform/config.d.ts" />
import { isProductionStage } from './stacks/stage'

// Each province is an isolated copy: `npx sst deploy --stage <province>` (docs/INFRA.md).
export default $config({
  app(input) {
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
    // Imported here, not at the top: the component globals only exist while run() executes.
    const { table } = await import('./stacks/storage')
    await import('./stacks/secret')
    const { api } = await import('./stacks/api')
    const { web } = await import('./stacks/web')
    return { api: api.url, web: web.url, table: table.name }
  },
})

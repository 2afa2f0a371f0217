// Never imported by sst.config.ts, so never deployed. `npm run check:infra` compiles it with the
// stacks: if SST's component types ever degraded to `any` (platform sources missing, a @pulumi
// package unresolved), everything would pass unnoticed. Each line below is wrong on purpose, and
// `@ts-expect-error` turns "no error" into a failure.
export function typecheckCanary(): void {
  // @ts-expect-error attribute types are a closed set
  new sst.aws.Dynamo('C1', { fields: { pk: 'text' }, primaryIndex: { hashKey: 'pk' } })
  // @ts-expect-error unsupported Lambda runtime
  new sst.aws.Function('C2', { handler: 'x.handler', runtime: 'nodejs8.10' })
  // @ts-expect-error build.output is required
  new sst.aws.StaticSite('C3', { build: { command: 'vite build' } })
  // @ts-expect-error an Output is only known at deploy time, not a string
  const url: string = new sst.aws.Function('C4', { handler: 'x.handler', url: true }).url
  // @ts-expect-error removal is a closed set
  const removal: typeof $app.removal = 'delete'
  // @ts-expect-error the raw Pulumi AWS provider is typed too
  new aws.dynamodb.Table('C5', { billingMode: 42 })
  void url
  void removal
}

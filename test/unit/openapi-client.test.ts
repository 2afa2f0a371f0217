// The committed client types (test/support/generated/api.d.ts) are what openapi-typescript makes of the
// document the app serves today: a route or schema change without `npm run gen:client` fails here.
import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { GENERATED_CLIENT_PATH, generateClientTypes, servedOpenApiDocument } from '../support/openapi'

it('the committed client types are up to date with openapi.json (else run `npm run gen:client`)', async () => {
  const fresh = await generateClientTypes(await servedOpenApiDocument())
  const committed = await readFile(GENERATED_CLIENT_PATH, 'utf8')
  expect(committed === fresh, 'test/support/generated/api.d.ts is stale: run `npm run gen:client`').toBe(true)
  expect(committed).toContain('getAssessment')
})

// `npm run gen:client`: regenerates the typed API client's types from the app's OpenAPI document.
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { GENERATED_CLIENT_PATH, generateClientTypes, servedOpenApiDocument } from './openapi'

await writeFile(GENERATED_CLIENT_PATH, await generateClientTypes(await servedOpenApiDocument()))
console.log(`wrote ${fileURLToPath(GENERATED_CLIENT_PATH)}`)

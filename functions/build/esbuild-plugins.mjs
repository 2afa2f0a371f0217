// esbuild plugins of the API's Lambda bundle: stacks/api.ts names this file (`nodejs.plugins`), and the bench and
// test/unit/lambda-bundle.test.ts build with it the same way (bench/sst-build.ts).
//
// SST runs these through a bridge (.sst/platform/functions/nodejs-runtime/plugin.mjs) that only honours
// `filter` loosely, and not `namespace`: every callback checks what it is given itself.
import { dirname, join, sep } from 'node:path'

const ZOD_DIR = `${sep}zod${sep}v4${sep}`
const NAMESPACE = 'zod-english-only'

/**
 * zod imports every one of its ~50 message locales (258 KB) so that `z.locales.<lang>` exists; the API only
 * speaks English to zod (its own messages, in both languages, are written by us). The locales index is replaced
 * by one that exports `en` alone, which zod configures itself with.
 */
export const zodEnglishOnly = {
  name: NAMESPACE,
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!args.importer || !args.importer.includes(ZOD_DIR) || !/(^|\/)locales\/index\.js$/.test(args.path ?? '')) return undefined
      return { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: NAMESPACE }
    })
    build.onLoad({ filter: /.*/ }, (args) => {
      if (args.namespace !== NAMESPACE) return undefined
      return { contents: 'export { default as en } from "./en.js"\n', resolveDir: dirname(args.path), loader: 'js' }
    })
  },
}

export default [zodEnglishOnly]

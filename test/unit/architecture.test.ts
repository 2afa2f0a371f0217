import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { graphOf, graphOfRepo, importCycles, unplaced, upwardImports, type Layer } from '../support/import-graph'

/* The dependency rules of docs/ARCHITECTURE.md, checked on the source so a slip fails the build, not a review. */

const root = join(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name === 'dist') continue
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.(ts|tsx)$/.test(name)) out.push(p)
    }
  }
  walk(join(root, dir))
  return out
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => ({
    typeOnly: Boolean(m[2]),
    spec: m[3]!,
  }))

describe('dependency direction', () => {
  it('shared/ is pure and browser-safe: no Node, AWS SDK, sst, hono or functions/ imports', () => {
    const bad = sources('shared').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(node:|@aws-sdk|sst|hono|@hono)|functions\/|web\//.test(i.spec))
        .map((i) => `${relative(root, f)} → ${i.spec}`),
    )
    expect(bad).toEqual([])
  })

  it('web/ imports functions/ for types only', () => {
    const bad = sources('web').flatMap((f) =>
      importsOf(f)
        .filter((i) => /functions\//.test(i.spec) && !i.typeOnly)
        .map((i) => `${relative(root, f)} → ${i.spec}`),
    )
    expect(bad).toEqual([])
  })

  it('functions/ never imports web/', () => {
    const bad = sources('functions').flatMap((f) =>
      importsOf(f)
        .filter((i) => /(^|\/)web\//.test(i.spec))
        .map((i) => `${relative(root, f)} → ${i.spec}`),
    )
    expect(bad).toEqual([])
  })
})

/*
 * The layers of docs/ARCHITECTURE.md "Layers", lowest first. A module may import its own layer or a lower one,
 * never a higher one, and no group of modules may import each other in a cycle. A feature folder
 * (functions/src/<feature>/: its service, its storage calls, its routes) may use another feature's service
 * (exports reads assessments' scoring) as long as no cycle forms; any new folder under functions/src/ is a
 * feature unless listed lower.
 */
const LAYERS: Layer[] = [
  { name: 'shared', rank: 0, matches: (f) => f.startsWith('shared/') },
  { name: 'storage', rank: 1, matches: (f) => f.startsWith('functions/src/storage/') || f === 'functions/src/lazy-exceljs.ts' },
  { name: 'platform (auth, http, blobs)', rank: 2, matches: (f) => /^functions\/src\/(auth|http|blobs)\//.test(f) },
  { name: 'app', rank: 4, matches: (f) => f === 'functions/src/app.ts' || f === 'functions/src/app-routes.ts' },
  { name: 'entry points', rank: 5, matches: (f) => f === 'functions/src/lambda.ts' || /^functions\/src\/(local|seed|provision)\//.test(f) },
  { name: 'features', rank: 3, matches: (f) => /^functions\/src\/[^/]+\//.test(f) },
]

describe('layers and cycles', () => {
  const graph = graphOfRepo(root, ['shared', 'functions', 'stacks'])

  it('reads the real module graph (the checker is not vacuous)', () => {
    expect(graph.get('functions/src/app.ts')).toContain('functions/src/assessments/routes.ts')
    expect(graph.get('shared/scoring.ts')).toContain('shared/advice.ts')
  })

  it('every functions/ and shared/ module has a layer', () => {
    expect(unplaced(new Map([...graph].filter(([f]) => !f.startsWith('stacks/'))), LAYERS)).toEqual([])
  })

  it('no module imports from a layer above it (http → features → platform → storage → shared)', () => {
    expect(upwardImports(graph, LAYERS)).toEqual([])
  })

  it('no import cycles in shared/, functions/ or stacks/ (type-only imports included)', () => {
    expect(importCycles(graph)).toEqual([])
  })

  it('the checker reports a planted upward import and a planted cycle', () => {
    const planted = graphOf(
      new Map([
        // Upward: storage reaching into a feature's service.
        ['functions/src/storage/assessments.ts', "import { rubricOf } from '../assessments/service'"],
        ['functions/src/assessments/service.ts', "import type { Store } from '../storage/store'\nimport { x } from '../../../shared/scoring'"],
        ['functions/src/storage/store.ts', ''],
        // A cycle through a re-export and a type-only import: scoring → advice → score-types → scoring.
        ['shared/scoring.ts', "import { advise } from './advice'\nexport const x = 1"],
        ['shared/advice.ts', "export { advise } from './score-types'"],
        ['shared/score-types.ts', "import type { Score } from './scoring'\n// import { nothing } from './nowhere' (a comment is no import)"],
      ]),
    )
    expect(upwardImports(planted, LAYERS)).toEqual(['functions/src/storage/assessments.ts → functions/src/assessments/service.ts (storage imports features)'])
    expect(importCycles(planted)).toEqual(['shared/advice.ts → shared/score-types.ts → shared/scoring.ts → shared/advice.ts'])
  })
})

describe('authentication is mounted once', () => {
  it('no router guards its own paths: requireAuth appears only in auth/middleware.ts, the gate app.ts mounts on /api/*', () => {
    const users = sources('functions/src')
      .filter((f) => /\brequireAuth\s*\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f))
    expect(users).toEqual(['functions/src/auth/middleware.ts'])
    expect(readFileSync(join(root, 'functions/src/app.ts'), 'utf8')).toMatch(/app\.use\('\/api\/\*', authenticate\(/)
  })
})

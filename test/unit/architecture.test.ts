import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

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

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import ts from 'typescript'

/*
 * The module graph of the repository's own TypeScript, read with the TypeScript compiler's own import scanner
 * (`ts.preProcessFile`: every `import … from`, `export … from`, `import()` and `import x = require()`, comments and
 * strings skipped), so the architecture test sees what the compiler sees. Only relative specifiers are edges; a
 * package (`hono`, `zod`) is outside the graph. Type-only imports count too: a type that points up the layers is
 * the same design slip as a value that does.
 */

/** file (repository-relative, forward slashes) → the repository files it imports. */
export type ImportGraph = Map<string, string[]>

const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx']
const posix = (p: string) => p.split(sep).join('/')

export function sourceFiles(root: string, dirs: string[]): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name === 'dist') continue
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(posix(relative(root, p)))
    }
  }
  for (const d of dirs) walk(join(root, d))
  return out.sort()
}

/** The specifiers a module imports or re-exports, as the compiler scans them. */
export function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)
}

/** Resolves a relative specifier to a known file (extensionless imports, `moduleResolution: bundler`). */
function resolve(from: string, spec: string, known: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined
  const base = posix(join(dirname(from), spec))
  if (known.has(base)) return base
  for (const ext of EXTENSIONS) if (known.has(base + ext)) return base + ext
  return undefined
}

/** Builds the graph from in-memory sources (file → text): the planted examples of the test use this directly. */
export function graphOf(sources: Map<string, string>): ImportGraph {
  const known = new Set(sources.keys())
  const graph: ImportGraph = new Map()
  for (const [file, text] of sources) {
    const targets = specifiersOf(text).flatMap((s) => resolve(file, s, known) ?? [])
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

export function graphOfRepo(root: string, dirs: string[]): ImportGraph {
  const files = sourceFiles(root, dirs)
  return graphOf(new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8')])))
}

/** A layer: the files a pattern matches sit at `rank`; a file may import only files of its own rank or lower. */
export type Layer = { name: string; rank: number; matches: (file: string) => boolean }

export function layerOf(file: string, layers: Layer[]): Layer | undefined {
  return layers.find((l) => l.matches(file))
}

/** Every import from a module to one in a higher layer, as "from → to (layer → layer)". */
export function upwardImports(graph: ImportGraph, layers: Layer[]): string[] {
  const out: string[] = []
  for (const [from, targets] of graph) {
    const a = layerOf(from, layers)
    if (!a) continue
    for (const to of targets) {
      const b = layerOf(to, layers)
      if (b && b.rank > a.rank) out.push(`${from} → ${to} (${a.name} imports ${b.name})`)
    }
  }
  return out.sort()
}

/** Files that no layer places: the test requires every file to have a home. */
export function unplaced(graph: ImportGraph, layers: Layer[]): string[] {
  return [...graph.keys()].filter((f) => !layerOf(f, layers)).sort()
}

/**
 * Every import cycle, one per strongly connected component of more than one module (or a module importing
 * itself), each as the path "a → b → … → a" found inside that component (Tarjan, iterative so depth is no limit).
 */
export function importCycles(graph: ImportGraph): string[] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const components: string[][] = []
  for (const start of graph.keys()) {
    if (idx.has(start)) continue
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }]
    idx.set(start, index)
    low.set(start, index++)
    stack.push(start)
    onStack.add(start)
    while (work.length > 0) {
      const frame = work[work.length - 1]!
      const targets = graph.get(frame.node) ?? []
      if (frame.next < targets.length) {
        const to = targets[frame.next++]!
        if (!idx.has(to)) {
          idx.set(to, index)
          low.set(to, index++)
          stack.push(to)
          onStack.add(to)
          work.push({ node: to, next: 0 })
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, idx.get(to)!))
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!))
      if (low.get(frame.node) === idx.get(frame.node)) {
        const component: string[] = []
        let m: string
        do {
          m = stack.pop()!
          onStack.delete(m)
          component.push(m)
        } while (m !== frame.node)
        if (component.length > 1 || (graph.get(frame.node) ?? []).includes(frame.node)) components.push(component)
      }
    }
  }
  return components.map((c) => cyclePath(graph, new Set(c))).sort()
}

/** One concrete cycle inside a strongly connected component (breadth-first from its first module back to it). */
function cyclePath(graph: ImportGraph, members: Set<string>): string {
  const start = [...members].sort()[0]!
  const cameFrom = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const node = queue.shift()!
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue
      if (to === start) {
        const path = [start]
        for (let n: string | undefined = node; n !== undefined && n !== start; n = cameFrom.get(n)) path.splice(1, 0, n)
        return [...path, start].join(' → ')
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node)
        queue.push(to)
      }
    }
  }
  return [...members].join(' → ')
}

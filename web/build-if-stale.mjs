// `npm start`: builds the web app only when something it is built from changed since the last build (issue 9:
// a restart on a slow laptop should not spend a minute rebuilding an unchanged app). The stamp is a hash of
// every source file's path, size and modification time under web/ and shared/, the build config and the VITE_*
// environment; `npm run build` always builds.
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = join(import.meta.dirname, '..')
const stampFile = join(root, 'web', 'dist', '.build-stamp')
const SKIP = new Set(['dist', 'node_modules', '.vite'])

function walk(dir, hash) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path, hash)
    else if (entry.isFile()) {
      const st = statSync(path)
      hash.update(`${relative(root, path)}\0${st.size}\0${st.mtimeMs}\n`)
    }
  }
}

const hash = createHash('sha256')
walk(join(root, 'web'), hash)
walk(join(root, 'shared'), hash)
for (const file of ['package-lock.json', 'tsconfig.json'])
  if (existsSync(join(root, file))) hash.update(`${file}\0${statSync(join(root, file)).mtimeMs}\n`)
for (const [k, v] of Object.entries(process.env).filter(([k]) => k.startsWith('VITE_')).sort()) hash.update(`${k}=${v}\n`)
const stamp = hash.digest('hex')

const built = existsSync(join(root, 'web', 'dist', 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp
if (built) console.log('web/dist is up to date (nothing under web/ or shared/ changed): not rebuilding')
else {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  writeFileSync(stampFile, stamp)
}

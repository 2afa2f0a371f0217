// `npm start` owns its data directory: one server and one DynamoDB Local per directory. Two JVMs on one
// `-dbPath` corrupt reads ("InternalFailure"), and a `kill -9` of the server leaves its JVM running (it is
// detached so Ctrl-C handling can stop it as a group). The lock file records both processes; the next start
// refuses while the recorded server lives, and otherwise stops the leftover JVM of that directory first.
import { execFile } from 'node:child_process'
import { readFileSync, unlinkSync } from 'node:fs'
import { open, readFile, unlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

export type DataLock = {
  /** Records the DynamoDB Local JVM the holder started, so a successor can stop it if we die. */
  setJvm(pid: number | undefined): Promise<void>
  release(): void
}

type LockContent = { pid: number; jvmPid?: number; startedAt: string }

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Thư mục dữ liệu ${dataDir} đang được một Xã Số khác dùng (tiến trình ${pid}). Hãy dừng nó (Ctrl+C), hoặc chọn thư mục khác: XASO_DATA_DIR=… npm start\n` +
        `  The data directory ${dataDir} is in use by another Xã Số server (process ${pid}). Stop it (Ctrl+C), or use another directory: XASO_DATA_DIR=… npm start`,
    )
    this.name = 'DataDirBusyError'
  }
}

const LOCK_FILE = '.xaso-server.lock'

/** Every running process with its command line (ps exists on Linux and macOS). */
function processes(): Promise<{ pid: number; args: string }[]> {
  return new Promise((done) => {
    execFile('ps', ['-ax', '-o', 'pid=,args='], { maxBuffer: 16 * 1024 * 1024, timeout: 15_000 }, (err, stdout) => {
      if (err) return done([])
      done(
        stdout
          .split('\n')
          .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
          .filter((m): m is RegExpExecArray => !!m)
          .map((m) => ({ pid: Number(m[1]), args: m[2]! })),
      )
    })
  })
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** DynamoDB Local JVMs serving this data directory (`-dbPath <dataDir>/dynamodb`). */
export async function jvmsOf(dbPath: string): Promise<number[]> {
  const path = resolve(dbPath)
  return (await processes())
    .filter((p) => p.args.includes('DynamoDBLocal.jar') && (p.args.includes(`-dbPath ${path} `) || p.args.endsWith(`-dbPath ${path}`)))
    .map((p) => p.pid)
}

async function stop(pid: number): Promise<void> {
  for (const [signal, waitMs] of [['SIGTERM', 10_000], ['SIGKILL', 10_000]] as const) {
    try {
      // The JVM leads its own process group (spawned detached): take down anything it forked too.
      process.kill(-pid, signal)
    } catch {
      try {
        process.kill(pid, signal)
      } catch {
        return
      }
    }
    const deadline = Date.now() + waitMs
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    if (!alive(pid)) return
  }
  throw new Error(`DynamoDB Local (process ${pid}) did not stop`)
}

async function readLock(file: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockContent>
    return typeof parsed.pid === 'number' ? (parsed as LockContent) : undefined
  } catch {
    return undefined
  }
}

/** Is `pid` a live Xã Số local server (not a recycled pid of some other program)? */
async function isOurServer(pid: number): Promise<boolean> {
  if (pid === process.pid || !alive(pid)) return false
  const args = (await processes()).find((p) => p.pid === pid)?.args
  // Unknown command line (no ps): trust that it is alive.
  return args === undefined ? true : /local[\\/]main\.(ts|js)|xaso|xa-so/i.test(args)
}

/**
 * Takes the data directory, or throws DataDirBusyError while another live server holds it. A lock left by a dead
 * server is taken over, after stopping every DynamoDB Local still serving `dbPath`: the dead server's, and any
 * other whose owner is gone (nothing else can be using the directory while nobody holds the lock).
 */
export async function lockDataDir(dataDir: string, dbPath: string, log: (line: string) => void = () => {}): Promise<DataLock> {
  const file = join(dataDir, LOCK_FILE)
  const content: LockContent = { pid: process.pid, startedAt: new Date().toISOString() }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600)
      await handle.writeFile(JSON.stringify(content))
      await handle.close()
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const holder = await readLock(file)
    if (holder && (await isOurServer(holder.pid))) throw new DataDirBusyError(dataDir, holder.pid)
    // Stale: its server is gone. Remove the lock only if it is still the one judged stale (another starter
    // may have taken it over meanwhile), then race for it again with an exclusive create.
    if (JSON.stringify(await readLock(file)) === JSON.stringify(holder)) await unlink(file).catch(() => {})
    if (attempt === 2) throw new Error(`Could not take the lock ${file}`)
  }
  const leftovers = await jvmsOf(dbPath)
  for (const pid of leftovers) {
    log(`Dừng DynamoDB Local cũ còn chạy trên thư mục này (tiến trình ${pid}) / Stopping a leftover DynamoDB Local of this directory (process ${pid})`)
    await stop(pid)
  }
  let released = false
  const release = () => {
    if (released) return
    released = true
    try {
      // Only our own lock: never delete a successor's.
      const now = JSON.parse(readFileSync(file, 'utf8')) as LockContent
      if (now.pid === process.pid) unlinkSync(file)
    } catch {
      // already gone
    }
  }
  process.on('exit', release)
  return {
    async setJvm(pid) {
      content.jvmPid = pid
      await writeFile(file, JSON.stringify(content))
    },
    release,
  }
}

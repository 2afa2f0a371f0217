// Runs the DynamoDB Local jar shipped in amplify-dynamodb-simulator, for `npm start` and the tests.
// Only the jar is used: the package's own JS launcher drags in the Amplify CLI's path manager.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer, type Socket } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'

export type DynamoLocalOptions = {
  /** Fixed port; when omitted a free one is picked. */
  port?: number
  /** Persist tables in this directory (created if needed). Mutually exclusive with inMemory. */
  dbPath?: string
  /** Keep everything in memory (the default when no dbPath is given). */
  inMemory?: boolean
  /** How long to wait for the emulator to answer, default 30 s (a cold JVM on 2 cores is slow). */
  startTimeoutMs?: number
}

export type DynamoLocal = {
  endpoint: string
  /** The JVM's process id (it leads its own process group). */
  pid?: number
  stop(): Promise<void>
}

const MIN_JAVA = 17
const INSTALL_HINT =
  `DynamoDB Local needs Java ${MIN_JAVA} or newer on PATH. ` +
  'Install it with: apt-get install -y openjdk-17-jre-headless (Debian/Ubuntu), ' +
  'brew install openjdk@17 (macOS), or any JDK/JRE 17+ from https://adoptium.net.'

export function emulatorDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator')
}

export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  if (options.dbPath && options.inMemory) throw new Error('startDynamoLocal: dbPath and inMemory are mutually exclusive')
  await assertJava()
  const dbPath = options.dbPath ? resolve(options.dbPath) : undefined
  if (dbPath) await mkdir(dbPath, { recursive: true })

  // A picked port can be taken between probing and the JVM binding it; retry only in that case.
  const attempts = options.port ? 1 : 3
  let lastError: unknown
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = options.port ?? (await freePort())
    try {
      return await launch(port, dbPath, options.startTimeoutMs ?? 30_000)
    } catch (err) {
      lastError = err
      if (!(err instanceof PortInUseError)) throw err
    }
  }
  throw lastError
}

class PortInUseError extends Error {}

async function launch(port: number, dbPath: string | undefined, timeoutMs: number): Promise<DynamoLocal> {
  const dir = emulatorDir()
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-sharedDb',
    '-disableTelemetry',
    ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
    '-port',
    String(port),
  ]
  // Own process group so stop() can take down the JVM and anything it forks in one signal.
  const child = spawn('java', args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const output = tail(child)
  const endpoint = `http://127.0.0.1:${port}`

  const untrack = killOnParentExit(child)
  const stop = onceAsync(async () => {
    untrack()
    await terminate(child)
  })

  try {
    await waitUntilReady(endpoint, child, output, timeoutMs)
  } catch (err) {
    await stop()
    throw err
  }
  // Don't let a forgotten stop() keep the parent alive; the exit hook still kills the JVM.
  child.unref()
  // stdio pipes are net.Sockets at runtime even though typed as Readable.
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as Partial<Socket> | null)?.unref?.()
  return { endpoint, stop, ...(child.pid !== undefined ? { pid: child.pid } : {}) }
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    // Without throwOnRequestTimeout a hung probe only logs a warning and could outlive the deadline.
    requestHandler: { requestTimeout: 3_000, connectionTimeout: 1_000, throwOnRequestTimeout: true },
  })
  const deadline = Date.now() + timeoutMs
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        const text = output()
        if (/Address already in use|BindException/i.test(text)) throw new PortInUseError(`port in use: ${endpoint}`)
        throw new Error(`DynamoDB Local exited during startup (code ${child.exitCode ?? child.signalCode}):\n${text}`)
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }))
        return
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms. Output:\n${output()}`)
      }
      await sleep(150)
    }
  } finally {
    client.destroy()
  }
}

async function assertJava(): Promise<void> {
  const text = await new Promise<string>((resolvePromise, reject) => {
    execFile('java', ['-version'], { timeout: 15_000 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`\`java\` was not found. ${INSTALL_HINT}`))
      } else if (err) {
        reject(new Error(`\`java -version\` failed (${err.message}). ${INSTALL_HINT}`))
      } else {
        resolvePromise(`${stderr}\n${stdout}`)
      }
    })
  })
  const major = javaMajorVersion(text)
  if (major === undefined) throw new Error(`Could not read the Java version from:\n${text}\n${INSTALL_HINT}`)
  if (major < MIN_JAVA) throw new Error(`Found Java ${major}, which is too old. ${INSTALL_HINT}`)
}

/** `version "1.8.0_392"` → 8, `version "17.0.15"` → 17, `version "21"` → 21. */
export function javaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput)
  if (!match) return undefined
  const first = Number(match[1])
  return first === 1 && match[2] ? Number(match[2]) : first
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePromise(port))
    })
  })
}

/** Keeps the last few KB of output for error messages without buffering a long-running log. */
function tail(child: ChildProcess, limit = 8_192): () => string {
  let buffer = ''
  const append = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString()).slice(-limit)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  return () => buffer
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {
      // already gone
    }
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()))
  signalGroup(child, 'SIGTERM')
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

const exitSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
const running = new Set<ChildProcess>()
let hooksInstalled = false

/**
 * A detached child is not in the terminal's process group, so Ctrl-C would not reach it: kill
 * every running emulator from our side on exit and on the usual signals. One set of hooks for all
 * instances, so the "anyone else listening?" check below stays meaningful.
 */
function killOnParentExit(child: ChildProcess): () => void {
  running.add(child)
  if (!hooksInstalled) {
    hooksInstalled = true
    process.on('exit', killAll)
    for (const signal of exitSignals) process.on(signal, onSignal)
  }
  return () => {
    running.delete(child)
  }
}

function killAll(): void {
  for (const child of running) signalGroup(child, 'SIGKILL')
  running.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  killAll()
  // If nobody else handles the signal, restore the default (terminate) instead of swallowing it.
  if (process.listenerCount(signal) === 1) {
    for (const s of exitSignals) process.removeListener(s, onSignal)
    process.removeListener('exit', killAll)
    hooksInstalled = false
    process.kill(process.pid, signal)
  }
}

function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined
  return () => (pending ??= fn())
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

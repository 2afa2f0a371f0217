// `npm start`: DynamoDB Local persisted in .data/, the demo province, the API and the web app on one port.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../seed'
import { DataDirBusyError, lockDataDir, type DataLock } from './data-lock'
import { startDynamoLocal, type DynamoLocal } from './dynamo-local'
import { PortInUseError, startLocalServer, type LocalServer } from './server'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const dataDir = process.env.XASO_DATA_DIR ? resolve(process.env.XASO_DATA_DIR) : join(repoRoot, '.data')
const webDist = join(repoRoot, 'web', 'dist')
const tableName = 'xaso-local'
const port = parsePort(process.env.PORT)
// Loopback unless asked (HOST=0.0.0.0 to try it from a phone on the same network).
const hostname = process.env.HOST || '127.0.0.1'

const roleLabel = { officer: 'Cán bộ xã / Commune officer', reviewer: 'Thẩm định / Reviewer', admin: 'Quản trị / Admin' } as const

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`PORT="${value}" không hợp lệ / is not a valid port number`)
  return n
}

function fail(message: string): never {
  console.error(`\n✗ ${message}\n`)
  process.exit(1)
}

function portBusyMessage(p: number): string {
  return (
    `Cổng ${p} đang được dùng bởi một chương trình khác. Hãy tắt chương trình đó hoặc chọn cổng khác, ví dụ: PORT=3001 npm start\n` +
    `  Port ${p} is already in use by another program. Stop it or pick another port, e.g. PORT=3001 npm start`
  )
}

/** Probe before starting the JVM, so a busy port is reported in a second rather than after DynamoDB boots. */
function portIsFree(p: number): Promise<boolean> {
  if (p === 0) return Promise.resolve(true)
  return new Promise((done) => {
    const probe = createServer()
    probe.once('error', () => done(false))
    probe.listen(p, hostname, () => probe.close(() => done(true)))
  })
}

/**
 * TOKEN_SECRET wins; otherwise a random secret generated once per data directory, so logins survive a
 * restart but two checkouts never share a key. Never a constant: a copied .data/ is the only way to share it.
 */
async function tokenSecret(): Promise<string> {
  const fromEnv = process.env.TOKEN_SECRET
  if (fromEnv) {
    if (fromEnv.length < 32) fail('TOKEN_SECRET phải dài ít nhất 32 ký tự / must be at least 32 characters')
    return fromEnv
  }
  const file = join(dataDir, 'token-secret')
  try {
    const stored = (await readFile(file, 'utf8')).trim()
    if (stored.length >= 32) return stored
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const secret = randomBytes(32).toString('base64url')
  await writeFile(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

async function main(): Promise<void> {
  // Node 20 is supported here; the SDK's "upgrade by 2027" notice would bury the demo logins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  if (!(await portIsFree(port))) fail(portBusyMessage(port))
  await mkdir(dataDir, { recursive: true })
  const dbPath = join(dataDir, 'dynamodb')
  // One server and one JVM per data directory; a JVM left behind by a killed server is stopped first.
  let lock: DataLock
  try {
    lock = await lockDataDir(dataDir, dbPath, (line) => console.log(line))
  } catch (err) {
    if (err instanceof DataDirBusyError) fail(err.message)
    throw err
  }
  const secret = await tokenSecret()

  console.log('Đang khởi động DynamoDB Local… / Starting DynamoDB Local…')
  let dynamo: DynamoLocal
  try {
    dynamo = await startDynamoLocal({ dbPath, startTimeoutMs: 60_000 })
  } catch (err) {
    fail(`Không khởi động được DynamoDB Local / Could not start DynamoDB Local:\n  ${(err as Error).message}`)
  }
  await lock.setJvm(dynamo.pid)

  let server: LocalServer
  try {
    server = await startLocalServer({
      port,
      hostname,
      dynamoEndpoint: dynamo.endpoint,
      tableName,
      seed: true,
      seedRosterYear: true,
      webDist,
      tokenSecret: secret,
      evidenceDir: join(dataDir, 'evidence'),
    })
  } catch (err) {
    await dynamo.stop().catch(() => {})
    if (err instanceof PortInUseError) fail(portBusyMessage(err.port))
    throw err
  }

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: đang dừng… / stopping…`)
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    await server.close().catch((err) => console.error(err))
    await dynamo.stop().catch((err) => console.error(err))
    lock.release()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length))
  console.log(
    [
      '',
      `Xã Số đang chạy tại / is running at:  ${server.url}`,
      '',
      `Tài khoản dùng thử (mật khẩu: ${DEMO_PASSWORD}) / Demo logins (password: ${DEMO_PASSWORD}):`,
      ...DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(width)}  ${roleLabel[a.role]} — ${a.unitName}`),
      '',
      `Dữ liệu lưu trong / Data is kept in: ${dataDir}`,
      'Nhấn Ctrl+C để dừng / Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})

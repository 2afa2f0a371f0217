// `npm start` (functions/src/local/main.ts) and its data directory: two servers on one directory would run two
// DynamoDB Local JVMs on the same files, which corrupts reads; a kill -9 of the server leaves its JVM behind.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { jvmsOf } from '../../functions/src/local/data-lock'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../functions/src/seed'
import { scaled } from '../support/timing'

const root = resolve(import.meta.dirname, '../..')
const started: ChildProcess[] = []
let dataDir: string

afterAll(async () => {
  // tsx runs main.ts as a child of the process we spawned: after a failure, stop the one the lock names too.
  const holder = dataDir ? await readFile(join(dataDir, '.xaso-server.lock'), 'utf8').then((t) => (JSON.parse(t) as { pid: number }).pid, () => undefined) : undefined
  if (holder && alive(holder)) process.kill(holder, 'SIGTERM')
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  await Promise.all(started.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)))
  if (dataDir) for (const pid of await jvmsOf(join(dataDir, 'dynamodb'))) process.kill(-pid, 'SIGKILL')
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function startMain(): Run {
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'functions/src/local/main.ts')], {
    cwd: root,
    env: { ...process.env, XASO_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TOKEN_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.push(child)
  let text = ''
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  return { child, output: () => text, exited }
}

/** The server's URL once it says it runs; fails if it exits first. */
async function running(run: Run): Promise<string> {
  for (;;) {
    const match = /is running at:\s+(\S+)/.exec(run.output())
    if (match) return match[1]!
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode}:\n${run.output()}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

async function canLogIn(url: string): Promise<boolean> {
  const officer = DEMO_ACCOUNTS.find((a) => a.role === 'officer')!
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: officer.username, password: DEMO_PASSWORD }),
  })
  return res.status === 200
}

describe('npm start holds its data directory', () => {
  it('a second start on the same directory refuses clearly; after kill -9 the next start stops the leftover JVM', { timeout: scaled(600_000) }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'xaso-start-'))
    const dbPath = join(dataDir, 'dynamodb')
    const first = startMain()
    const url = await running(first)
    expect(await canLogIn(url)).toBe(true)
    expect(await jvmsOf(dbPath)).toHaveLength(1)

    // A second start on the same directory: refused, with the reason, and no second JVM.
    const second = startMain()
    expect(await second.exited).toBe(1)
    expect(second.output()).toMatch(/đang được một Xã Số khác dùng/)
    // (the process named is main.ts's own, which tsx runs as a child of the one we spawned)
    expect(second.output()).toMatch(/in use by another Xã Số server \(process \d+\)/)
    expect(await jvmsOf(dbPath)).toHaveLength(1)
    expect(await canLogIn(url)).toBe(true)

    // kill -9 of the server (main.ts's process, named in its lock; then tsx's wrapper): its detached JVM
    // survives, since nothing can run on SIGKILL
    const orphan = (await jvmsOf(dbPath))[0]!
    const serverPid = (JSON.parse(await readFile(join(dataDir, '.xaso-server.lock'), 'utf8')) as { pid: number }).pid
    process.kill(serverPid, 'SIGKILL')
    first.child.kill('SIGKILL')
    await first.exited
    while (alive(serverPid)) await new Promise((r) => setTimeout(r, 100))
    expect(await jvmsOf(dbPath)).toEqual([orphan])

    // The next start takes over: the orphan is stopped before a new JVM starts on the directory.
    const third = startMain()
    const url3 = await running(third)
    expect(third.output()).toMatch(new RegExp(`Stopping a leftover DynamoDB Local of this directory \\(process ${orphan}\\)`))
    const jvms = await jvmsOf(dbPath)
    expect(jvms).toHaveLength(1)
    expect(jvms[0]).not.toBe(orphan)
    // the data survived the takeover (the seeded accounts are read back, and the token secret kept)
    expect(await canLogIn(url3)).toBe(true)

    // A clean stop releases the directory and its JVM.
    third.child.kill('SIGTERM')
    expect(await third.exited).toBe(0)
    expect(await jvmsOf(dbPath)).toEqual([])
  })
})

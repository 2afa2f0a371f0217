import { spawn } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { afterEach, describe, expect, it } from 'vitest'
import { javaMajorVersion, startDynamoLocal } from '../../functions/src/local/dynamo-local'
import { createTable } from '../../functions/src/storage/create-table'
import { scaled } from '../support/timing'

const clientFor = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
  })

const originalPath = process.env.PATH
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  process.env.PATH = originalPath
  for (const fn of cleanup.splice(0)) await fn()
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xaso-ddb-'))
  cleanup.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

describe('javaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "21" 2023-09-19', 21],
    ['openjdk version "11.0.22" 2024-01-16 LTS', 11],
    ['no version here', undefined],
  ])('%s → %s', (text, major) => {
    expect(javaMajorVersion(text)).toBe(major)
  })
})

describe('startDynamoLocal', () => {
  it('says what to install when java is missing', async () => {
    process.env.PATH = await tempDir()
    await expect(startDynamoLocal()).rejects.toThrow(/`java` was not found.*apt-get install -y openjdk-17-jre-headless/)
  })

  it('refuses a Java older than 17 with the same advice', async () => {
    const dir = await tempDir()
    const fakeJava = join(dir, 'java')
    await writeFile(fakeJava, '#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n')
    await chmod(fakeJava, 0o755)
    process.env.PATH = `${dir}:${originalPath}`
    await expect(startDynamoLocal()).rejects.toThrow(/Found Java 11.*apt-get install -y openjdk-17-jre-headless/)
  })

  it('persists tables in dbPath across restarts and stops for real', { timeout: scaled(90_000) }, async () => {
    const dbPath = join(await tempDir(), 'nested', 'db')
    const first = await startDynamoLocal({ dbPath, startTimeoutMs: scaled(30_000) })
    cleanup.push(first.stop)
    await createTable(clientFor(first.endpoint), 'persisted')
    await first.stop()
    await expect(clientFor(first.endpoint).send(new ListTablesCommand({}))).rejects.toThrow()

    const second = await startDynamoLocal({ dbPath, startTimeoutMs: scaled(30_000) })
    cleanup.push(second.stop)
    const { TableNames } = await clientFor(second.endpoint).send(new ListTablesCommand({}))
    expect(TableNames).toContain('persisted')
    await second.stop()
    await second.stop() // stopping twice is harmless
  })

  it.each(['exit', 'SIGTERM'])('kills the emulator when its parent process ends (%s)', { timeout: scaled(90_000) }, async (how) => {
    const tsx = createRequire(import.meta.url).resolve('tsx')
    const script = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'dynamo-local-child.ts')
    const child = spawn(process.execPath, ['--import', tsx, script], { stdio: ['pipe', 'pipe', 'inherit'] })
    const exited = new Promise((r) => child.once('exit', r))
    cleanup.push(async () => {
      child.kill('SIGKILL')
    })
    const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const line = out.split('\n').find((l) => l.startsWith('{'))
        if (line) resolveEndpoint((JSON.parse(line) as { endpoint: string }).endpoint)
      })
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${out}`)))
    })
    await clientFor(endpoint).send(new ListTablesCommand({}))

    if (how === 'SIGTERM') child.kill('SIGTERM')
    else child.stdin.write('exit\n')
    await exited
    // The JVM may need a moment to die after SIGKILL is delivered.
    const deadline = Date.now() + scaled(10_000)
    let alive = true
    while (alive && Date.now() < deadline) {
      alive = await clientFor(endpoint).send(new ListTablesCommand({})).then(() => true, () => false)
      if (alive) await new Promise((r) => setTimeout(r, 200))
    }
    expect(alive).toBe(false)
  })

  it('rejects dbPath together with inMemory', async () => {
    await expect(startDynamoLocal({ dbPath: '/tmp/x', inMemory: true })).rejects.toThrow(/mutually exclusive/)
  })
})

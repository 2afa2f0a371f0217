// Evidence through the real local server: DynamoDB Local, the disk blob store, and its PUT/GET URLs on the same
// port, exactly as `npm start` runs them. Bytes go where the browser would send them (the upload URL), never
// through the JSON API.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import type { Assessment } from '../../shared/assessment'
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES_PER_INDICATOR } from '../../shared/evidence'
import { defaultRubric2025 } from '../../shared/rubric/default'
import { deriveBlobSecret, signBlobToken } from '../../functions/src/blobs/disk-blob-store'
import { blobKey } from '../../functions/src/evidence/service'
import { startLocalServer, type LocalServer } from '../../functions/src/local/server'
import { createTable } from '../../functions/src/storage/create-table'
import { accounts, PASSWORD, seedFixtures, TEST_SECRET, units, type AccountName } from './harness'
import { testDynamoClient } from '../support/dynamo'
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { evidenceKey } from '../../functions/src/storage/evidence'
import { createDocumentClient } from '../../functions/src/storage/store'

let server: LocalServer
let evidenceDir: string
const raw = testDynamoClient()
const tableName = `evidence-${randomBytes(6).toString('hex')}`
const own = units.sonDung.id
const t = {} as Record<AccountName, string>
let nextYear = 2030

type Res = { status: number; body: any; headers: Headers }

async function api(method: string, path: string, who?: AccountName, body?: unknown): Promise<Res> {
  const headers: Record<string, string> = {}
  if (who) headers.authorization = `Bearer ${t[who]}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // keep text so a failing assertion shows it
  }
  return { status: res.status, body: parsed, headers: res.headers }
}

const evidencePath = (year: number, communeId = own) => `/api/communes/${communeId}/assessments/${year}/evidence`
const abs = (url: string) => new URL(url, server.url).toString()

/** The PUT a browser makes: the upload's URL, method and headers, and the bytes. */
const upload = (target: { url: string; method: string; headers: Record<string, string> }, bytes: Uint8Array, extra: Record<string, string> = {}) =>
  fetch(abs(target.url), { method: target.method, headers: { ...target.headers, ...extra }, body: bytes })

/** A year of its own (with the 2025 indicators) so tests never share counters or assessments. */
async function freshYear(): Promise<number> {
  const year = nextYear++
  await server.store.rubrics.put({ ...defaultRubric2025, year })
  return year
}

async function setStatus(year: number, status: string): Promise<void> {
  const current = await server.store.assessments.get(own, year)
  const next = {
    communeId: own,
    year,
    status,
    version: (current?.version ?? 0) + 1,
    profile: {},
    answers: {},
    updatedAt: new Date().toISOString(),
    updatedBy: accounts.officer.id,
  } as unknown as Assessment
  await server.store.assessments.save(next, current?.version ?? 0)
}

const jpeg = (size: number) => {
  const bytes = randomBytes(size)
  bytes[0] = 0xff
  bytes[1] = 0xd8
  return new Uint8Array(bytes)
}

/** The hash a browser computes before declaring: the upload URL is bound to it. */
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
/** What a file's declaration says about its bytes. */
const file = (bytes: Uint8Array) => ({ size: bytes.length, sha256: sha256(bytes) })

const declare = (year: number, body: Record<string, unknown>, who: AccountName = 'officer') =>
  api('POST', evidencePath(year), who, { indicatorId: 'A3.1', filename: 'anh.jpg', contentType: 'image/jpeg', size: 1000, sha256: 'ab'.repeat(32), ...body })

beforeAll(async () => {
  evidenceDir = await mkdtemp(join(tmpdir(), 'xaso-evidence-test-'))
  await createTable(raw, tableName)
  server = await startLocalServer({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName,
    seed: false,
    webDist: join(evidenceDir, 'no-web'),
    tokenSecret: TEST_SECRET,
    evidenceDir,
  })
  await seedFixtures(server.store)
  for (const who of Object.keys(accounts) as AccountName[]) {
    if (who === 'inactive') continue
    const res = await api('POST', '/api/auth/login', undefined, { username: accounts[who].username, password: PASSWORD })
    t[who] = res.body.token
  }
})

afterAll(async () => {
  await server?.close()
  raw.destroy()
  await rm(evidenceDir, { recursive: true, force: true })
})

describe('evidence: the whole flow', () => {
  it('declare → PUT the bytes → complete → listed for officer, reviewer and admin → download the same bytes → delete, logged', async () => {
    const year = await freshYear()
    const bytes = jpeg(48_000)
    const created = await declare(year, { filename: 'Ảnh trạm BTS thôn Tà Dô.jpg', ...file(bytes) })
    expect(created.status).toBe(201)
    const { evidence, upload: target } = created.body
    expect(evidence).toMatchObject({
      communeId: own,
      year,
      indicatorId: 'A3.1',
      filename: 'Ảnh trạm BTS thôn Tà Dô.jpg',
      contentType: 'image/jpeg',
      size: bytes.length,
      sha256: sha256(bytes),
      status: 'pending',
      by: accounts.officer.id,
    })
    expect(target).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', 'if-none-match': '*', 'x-amz-checksum-sha256': Buffer.from(sha256(bytes), 'hex').toString('base64') },
    })
    expect(Date.parse(target.expiresAt)).toBeGreaterThan(Date.now())

    // Before the bytes arrive the file is the officer's business only, and cannot be confirmed.
    expect((await api('POST', `${evidencePath(year)}/${evidence.id}/complete`, 'officer')).status).toBe(409)
    expect((await api('GET', evidencePath(year), 'reviewer')).body).toEqual({ indicators: {} })
    const pending = await api('GET', evidencePath(year), 'officer')
    expect(pending.body.indicators['A3.1']).toHaveLength(1)
    expect(pending.body.indicators['A3.1'][0].download).toBeUndefined()

    const put = await upload(target, bytes)
    expect(put.status).toBe(200)

    const completed = await api('POST', `${evidencePath(year)}/${evidence.id}/complete`, 'officer')
    expect(completed.status).toBe(200)
    expect(completed.body.evidence).toEqual({ ...evidence, status: 'stored' })
    // Confirming again (a retry after a lost answer on 3G) changes nothing.
    expect((await api('POST', `${evidencePath(year)}/${evidence.id}/complete`, 'officer')).body).toEqual(completed.body)

    for (const who of ['officer', 'reviewer', 'admin'] as const) {
      const list = await api('GET', evidencePath(year), who)
      expect(list.status, who).toBe(200)
      expect(Object.keys(list.body.indicators)).toEqual(['A3.1'])
      const [view] = list.body.indicators['A3.1']
      expect(view).toMatchObject({ ...evidence, status: 'stored' })
      const got = await fetch(abs(view.download.url))
      expect(got.status).toBe(200)
      expect(got.headers.get('content-type')).toBe('image/jpeg')
      expect(got.headers.get('x-content-type-options')).toBe('nosniff')
      expect(got.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Ảnh trạm BTS thôn Tà Dô.jpg')}`)
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes)
    }
    // One indicator at a time (the indicator card), the same shape.
    expect(Object.keys((await api('GET', `${evidencePath(year)}?indicatorId=A3.1`, 'reviewer')).body.indicators)).toEqual(['A3.1'])
    expect((await api('GET', `${evidencePath(year)}?indicatorId=A1.3`, 'reviewer')).body).toEqual({ indicators: {} })

    const download = (await api('GET', evidencePath(year), 'officer')).body.indicators['A3.1'][0].download.url
    const deleted = await api('DELETE', `${evidencePath(year)}/${evidence.id}`, 'officer')
    expect(deleted.status).toBe(200)
    expect(deleted.body.deletion).toEqual({
      communeId: own,
      year,
      version: 0,
      at: expect.any(String),
      by: accounts.officer.id,
      byName: accounts.officer.name,
      role: 'officer',
      action: 'evidence_deleted',
      indicatorId: 'A3.1',
      changes: [{ field: 'evidence.A3.1', from: evidence.filename, to: null }],
      evidence: { id: evidence.id, filename: evidence.filename, contentType: 'image/jpeg', size: bytes.length, status: 'stored', sha256: sha256(bytes) },
    })
    expect((await api('GET', evidencePath(year), 'officer')).body).toEqual({ indicators: {} })
    expect((await fetch(abs(download))).status).toBe(404)
    expect(await server.store.evidence.list(own, year)).toEqual([])
    // Logged as an audit event of the assessment: in its timeline, in order, and in the evidence log.
    expect(await server.store.evidence.listDeletions(own, year)).toEqual([deleted.body.deletion])
    const log = await api('GET', `/api/communes/${own}/assessments/${year}/evidence-log`, 'reviewer')
    expect(log.status).toBe(200)
    expect(log.body.deletions).toEqual([deleted.body.deletion])
    const timeline = await api('GET', `/api/communes/${own}/assessments/${year}/timeline`, 'reviewer')
    expect(timeline.status).toBe(200)
    expect(timeline.body.events).toContainEqual(deleted.body.deletion)
    // Deleting twice: the second finds nothing.
    expect((await api('DELETE', `${evidencePath(year)}/${evidence.id}`, 'officer')).status).toBe(404)
  })

  it('keeps the files on disk under hashed names inside the evidence directory only', async () => {
    const year = await freshYear()
    const pdf = new TextEncoder().encode('%PDF-1.4\n%')
    const created = await declare(year, { filename: '../../../etc/passwd.pdf', contentType: 'application/pdf', ...file(pdf) })
    expect(created.status).toBe(201)
    expect(created.body.evidence.filename).toBe('passwd.pdf')
    expect((await upload(created.body.upload, pdf)).status).toBe(200)
    const names = await readdir(evidenceDir)
    expect(names.every((n) => /^[0-9a-f]{64}\.(bin|json)$/.test(n))).toBe(true)
  })

  it('a pending file gets a fresh upload URL on request (expired link, retried upload); a stored one does not', async () => {
    const year = await freshYear()
    const bytes = jpeg(2000)
    const { evidence } = (await declare(year, file(bytes))).body
    const renewed = await api('POST', `${evidencePath(year)}/${evidence.id}/upload`, 'officer')
    expect(renewed.status).toBe(200)
    expect(renewed.body.evidence).toEqual(evidence)
    expect((await upload(renewed.body.upload, bytes)).status).toBe(200)
    expect((await api('POST', `${evidencePath(year)}/${evidence.id}/complete`, 'officer')).status).toBe(200)
    expect((await api('POST', `${evidencePath(year)}/${evidence.id}/upload`, 'officer')).status).toBe(409)
  })

  it('an officer may delete a pending (abandoned) upload, and it is logged as pending', async () => {
    const year = await freshYear()
    const { evidence } = (await declare(year, {})).body
    const deleted = await api('DELETE', `${evidencePath(year)}/${evidence.id}`, 'officer')
    expect(deleted.status).toBe(200)
    expect(deleted.body.deletion.evidence.status).toBe('pending')
  })

  it('places the deletion in the timeline between the edits it happened between', async () => {
    const year = await freshYear()
    const patch = (version: number, answer: number) =>
      api('PATCH', `/api/communes/${own}/assessments/${year}`, 'officer', { version, answers: { 'A3.1': { numerator: answer } }, profile: { households: 1000 } })
    expect((await patch(0, 10)).status).toBe(200)
    const { evidence } = (await declare(year, {})).body
    const deleted = await api('DELETE', `${evidencePath(year)}/${evidence.id}`, 'officer')
    expect(deleted.body.deletion.version).toBe(1)
    expect((await patch(1, 20)).status).toBe(200)
    const timeline = await api('GET', `/api/communes/${own}/assessments/${year}/timeline`, 'officer')
    expect(timeline.body.events.map((e: { action: string; version: number }) => `${e.action}@${e.version}`)).toEqual([
      'edit@1',
      'evidence_deleted@1',
      'edit@2',
    ])
  })
})

describe('evidence: file names', () => {
  it('keeps Vietnamese letters, drops paths and unsafe characters, normalises to NFC, caps at 200 characters', async () => {
    const year = await freshYear()
    const cases: [string, string][] = [
      ['C:\\fakepath\\Quyết định 12.pdf', 'Quyết định 12.pdf'],
      ['Biên bản họp thôn Tà Dô.pdf'.normalize('NFD'), 'Biên bản họp thôn Tà Dô.pdf'],
      ['a\u0000b<c>d:"e"|f?.pdf', 'a_b_c_d__e__f_.pdf'],
      ['  nhiều     khoảng   trắng .pdf ', 'nhiều khoảng trắng .pdf'],
      [`${'Đ'.repeat(300)}.pdf`, `${'Đ'.repeat(196)}.pdf`],
    ]
    for (const [given, stored] of cases) {
      const res = await declare(year, { indicatorId: 'A1.3', filename: given, contentType: 'application/pdf', size: 100 })
      expect(res.status, given).toBe(201)
      expect(res.body.evidence.filename, given).toBe(stored)
    }
    for (const unusable of ['..', '/', 'C:\\Users\\', '   ']) {
      const res = await declare(year, { filename: unusable })
      expect(res.status, unusable).toBe(400)
      expect(res.body.error.fields.map((f: { field: string }) => f.field), unusable).toContain('filename')
    }
  })
})

describe('evidence: bad input is a 4xx naming the field, never a 500', () => {
  const fieldsOf = (res: Res) => res.body.error.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`)

  it('refuses types other than JPEG, PNG, WebP and PDF', async () => {
    const year = await freshYear()
    for (const contentType of ['image/gif', 'text/html', 'application/octet-stream', 'image/svg+xml', 'image/jpg']) {
      const res = await declare(year, { contentType })
      expect(res.status, contentType).toBe(400)
      expect(res.body.error.code).toBe('validation')
      expect(fieldsOf(res), contentType).toEqual(['contentType:unsupported_type'])
    }
    // Case and surrounding spaces are not a different type.
    expect((await declare(year, { contentType: ' Image/PNG ' })).body.evidence.contentType).toBe('image/png')
  })

  it('refuses images over 5 MB and PDFs over 10 MB; exactly the limit is fine', async () => {
    const year = await freshYear()
    for (const [contentType, limit] of Object.entries(EVIDENCE_MAX_BYTES)) {
      const over = await declare(year, { indicatorId: 'A1.3', contentType, size: limit + 1 })
      expect(over.status, contentType).toBe(400)
      expect(fieldsOf(over)).toEqual(['size:too_big'])
      expect(over.body.error.message).toContain(`${limit / 1024 / 1024} MB`)
      expect((await declare(year, { indicatorId: 'A1.3', contentType, size: limit })).status, contentType).toBe(201)
    }
    expect(EVIDENCE_MAX_BYTES['image/jpeg']).toBe(5 * 1024 * 1024)
    expect(EVIDENCE_MAX_BYTES['application/pdf']).toBe(10 * 1024 * 1024)
  })

  it('refuses an indicator the year’s rubric does not have, and a year without a rubric', async () => {
    const year = await freshYear()
    const res = await declare(year, { indicatorId: 'Z9.9' })
    expect(res.status).toBe(400)
    expect(fieldsOf(res)).toEqual(['indicatorId:unknown_indicator'])
    // Every problem at once: the officer fixes them in one go.
    const many = await declare(year, { indicatorId: 'Z9.9', contentType: 'image/gif' })
    expect(fieldsOf(many)).toEqual(['indicatorId:unknown_indicator', 'contentType:unsupported_type'])
    expect((await declare(2099, {})).status).toBe(404)
  })

  it('refuses malformed bodies and parameters', async () => {
    const year = await freshYear()
    const bad: [Record<string, unknown>, string][] = [
      [{ size: 0 }, 'size'],
      [{ size: -5 }, 'size'],
      [{ size: 1.5 }, 'size'],
      [{ size: '1000' }, 'size'],
      [{ filename: '' }, 'filename'],
      [{ contentType: '' }, 'contentType'],
      [{ indicatorId: '' }, 'indicatorId'],
      [{ extra: true }, 'extra'],
      [{ sha256: 'AB'.repeat(32) }, 'sha256'],
      [{ sha256: 'ab'.repeat(31) }, 'sha256'],
      [{ sha256: undefined }, 'sha256'],
    ]
    for (const [body, field] of bad) {
      const res = await declare(year, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.fields.map((f: { field: string }) => f.field), JSON.stringify(body)).toContain(field)
    }
    const missing = await api('POST', evidencePath(year), 'officer', { filename: 'x.jpg' })
    expect(missing.status).toBe(400)
    expect(missing.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['contentType', 'indicatorId', 'sha256', 'size'])
    const notJson = await fetch(`${server.url}${evidencePath(year)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.officer}`, 'content-type': 'application/json' },
      body: '{"indicatorId":',
    })
    expect(notJson.status).toBe(400)
    expect((await api('GET', `/api/communes/${own}/assessments/1999/evidence`, 'officer')).status).toBe(400)
    expect((await api('POST', `${evidencePath(year)}/${'x'.repeat(65)}/complete`, 'officer')).status).toBe(400)
    expect((await api('POST', `${evidencePath(year)}/no-such-id/complete`, 'officer')).status).toBe(404)
    expect((await api('GET', evidencePath(year))).status).toBe(401)
  })

  it(`refuses the ${EVIDENCE_MAX_FILES_PER_INDICATOR + 1}st file of an indicator until one is deleted`, async () => {
    const year = await freshYear()
    const ids: string[] = []
    for (let i = 0; i < EVIDENCE_MAX_FILES_PER_INDICATOR; i++) {
      const res = await declare(year, { filename: `ảnh ${i}.jpg` })
      expect(res.status, `file ${i + 1}`).toBe(201)
      ids.push(res.body.evidence.id)
    }
    const over = await declare(year, { filename: 'ảnh 21.jpg' })
    expect(over.status).toBe(409)
    expect(fieldsOf(over)).toEqual(['indicatorId:too_many_files'])
    // Another indicator has its own 20.
    expect((await declare(year, { indicatorId: 'A1.3' })).status).toBe(201)
    expect((await api('DELETE', `${evidencePath(year)}/${ids[0]}`, 'officer')).status).toBe(200)
    expect((await declare(year, { filename: 'ảnh 21.jpg' })).status).toBe(201)
    expect((await declare(year, { filename: 'ảnh 22.jpg' })).status).toBe(409)
  })

  it('holds the per-indicator limit under concurrent declarations', async () => {
    const year = await freshYear()
    const results = await Promise.all(
      Array.from({ length: EVIDENCE_MAX_FILES_PER_INDICATOR + 5 }, (_, i) => declare(year, { filename: `song song ${i}.jpg` })),
    )
    const statuses = results.map((r) => r.status)
    // A transaction that loses a race on the counter answers 409 (conflict) too; never more than 20 files.
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(EVIDENCE_MAX_FILES_PER_INDICATOR)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    expect((await server.store.evidence.list(own, year)).length).toBe(statuses.filter((s) => s === 201).length)
  })
})

describe('evidence: the upload URL accepts only the declared file', () => {
  async function declared(size = 5000, contentType = 'image/jpeg') {
    const year = await freshYear()
    const res = await declare(year, { size, contentType })
    expect(res.status).toBe(201)
    return { year, evidence: res.body.evidence, target: res.body.upload }
  }
  const completeStatus = async (year: number, id: string) => (await api('POST', `${evidencePath(year)}/${id}/complete`, 'officer')).status

  it('more or fewer bytes than declared: 400 naming content-length, nothing stored', async () => {
    const { year, evidence, target } = await declared(5000)
    for (const size of [5001, 4999, 0]) {
      const res = await upload(target, jpeg(size))
      expect(res.status, String(size)).toBe(400)
      expect(((await res.json()) as any).error.fields[0].field).toBe('content-length')
    }
    expect(await completeStatus(year, evidence.id)).toBe(409)
  })

  it('a streamed body without Content-Length is cut off once it passes the declared size', async () => {
    const { year, evidence, target } = await declared(5000)
    const chunks = [jpeg(3000), jpeg(3000)]
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift()
        if (next) controller.enqueue(next)
        else controller.close()
      },
    })
    const res = await fetch(abs(target.url), { method: 'PUT', headers: target.headers, body, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(400)
    expect(await completeStatus(year, evidence.id)).toBe(409)
    expect((await readdir(evidenceDir)).some((n) => n.endsWith('.part'))).toBe(false)
  })

  it('another Content-Type than declared: 400 naming content-type', async () => {
    const { target } = await declared(5000)
    const res = await upload(target, jpeg(5000), { 'content-type': 'image/png' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).error.fields[0].field).toBe('content-type')
  })

  it('an expired, tampered or misused token: 403, nothing stored', async () => {
    const { year, evidence, target } = await declared(5000)
    const secret = deriveBlobSecret(TEST_SECRET)
    const key = blobKey(evidence)
    const base = abs('/api/local-blobs/')
    const expired = signBlobToken(secret, { op: 'put', key, size: 5000, type: 'image/jpeg', sha256: evidence.sha256, exp: Math.floor(Date.now() / 1000) - 1 })
    const [body, signature] = new URL(abs(target.url)).pathname.split('/').pop()!.split('.')
    // Claims changed (a bigger size) but the old signature kept.
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString())
    const tampered = `${Buffer.from(JSON.stringify({ ...claims, size: 50_000_000 })).toString('base64url')}.${signature}`
    const forged = signBlobToken('not-the-secret', { ...claims })
    const downloadToken = signBlobToken(secret, { op: 'get', key, name: 'x.jpg', exp: Math.floor(Date.now() / 1000) + 60 })
    for (const [name, token] of [
      ['expired', expired],
      ['tampered', tampered],
      ['forged', forged],
      ['download token used to upload', downloadToken],
      ['garbage', 'abc'],
      ['three parts', `${body}.${signature}.x`],
    ] as const) {
      const res = await fetch(`${base}${token}`, { method: 'PUT', headers: target.headers, body: jpeg(5000) })
      expect(res.status, name).toBe(403)
      expect(((await res.json()) as any).error.code, name).toBe('forbidden')
    }
    expect(await completeStatus(year, evidence.id)).toBe(409)
    // And an upload token does not download.
    expect((await fetch(abs(target.url))).status).toBe(403)
  })
})

describe('evidence: scope and workflow', () => {
  it('only the commune’s own officer declares, confirms or deletes; readers in scope list; others get 403, unknown communes 404', async () => {
    const year = await freshYear()
    const { evidence } = (await declare(year, {})).body
    for (const who of ['otherOfficer', 'reviewer', 'admin'] as const) {
      expect((await declare(year, {}, who)).status, who).toBe(403)
      expect((await api('POST', `${evidencePath(year)}/${evidence.id}/complete`, who)).status, who).toBe(403)
      expect((await api('POST', `${evidencePath(year)}/${evidence.id}/upload`, who)).status, who).toBe(403)
      expect((await api('DELETE', `${evidencePath(year)}/${evidence.id}`, who)).status, who).toBe(403)
    }
    for (const who of ['otherOfficer', 'otherReviewer', 'islandOfficer'] as const) {
      expect((await api('GET', evidencePath(year), who)).status, who).toBe(403)
      expect((await api('GET', `/api/communes/${own}/assessments/${year}/evidence-log`, who)).status, who).toBe(403)
    }
    expect((await api('GET', evidencePath(year, 'qng-nowhere'), 'admin')).status).toBe(404)
    // An officer cannot reach another commune's file through their own commune's path either.
    const theirs = await api('DELETE', `${evidencePath(year, units.sonMua.id)}/${evidence.id}`, 'officer')
    expect(theirs.status).toBe(403)
    expect(await server.store.evidence.list(own, year)).toHaveLength(1)
  })

  it('once submitted: no new files, no confirming, no deleting (409); readers still see the stored files', async () => {
    const year = await freshYear()
    const bytes = jpeg(3000)
    const stored = (await declare(year, file(bytes))).body
    await upload(stored.upload, bytes)
    expect((await api('POST', `${evidencePath(year)}/${stored.evidence.id}/complete`, 'officer')).status).toBe(200)
    const pending = (await declare(year, file(bytes))).body
    await upload(pending.upload, bytes)

    await setStatus(year, 'submitted')
    const refused = [
      await declare(year, {}),
      await api('POST', `${evidencePath(year)}/${pending.evidence.id}/complete`, 'officer'),
      await api('POST', `${evidencePath(year)}/${pending.evidence.id}/upload`, 'officer'),
      await api('DELETE', `${evidencePath(year)}/${stored.evidence.id}`, 'officer'),
    ]
    for (const res of refused) {
      expect(res.status).toBe(409)
      expect(res.body.error.code).toBe('not_editable')
      expect(res.body.error.details.status).toBe('submitted')
    }
    const list = await api('GET', evidencePath(year), 'reviewer')
    expect(list.body.indicators['A3.1'].map((e: { id: string }) => e.id)).toEqual([stored.evidence.id])
    expect(await server.store.evidence.listDeletions(own, year)).toEqual([])
  })

  it('a returned assessment is editable again: files can be added and deleted', async () => {
    const year = await freshYear()
    await setStatus(year, 'submitted')
    expect((await declare(year, {})).status).toBe(409)
    await setStatus(year, 'returned')
    const created = await declare(year, {})
    expect(created.status).toBe(201)
    expect((await api('DELETE', `${evidencePath(year)}/${created.body.evidence.id}`, 'officer')).status).toBe(200)
  })
})

describe('evidence: a confirmed file cannot be swapped (issue 11)', () => {
  const complete = (year: number, id: string) => api('POST', `${evidencePath(year)}/${id}/complete`, 'officer')
  const downloaded = async (year: number, who: AccountName = 'reviewer') => {
    const [view] = (await api('GET', evidencePath(year), who)).body.indicators['A3.1']
    return new Uint8Array(await (await fetch(abs(view.download.url))).arrayBuffer())
  }
  const sameSize = (bytes: Uint8Array) => {
    const other = jpeg(bytes.length)
    expect(other).not.toEqual(bytes)
    return other
  }

  it('other bytes of the declared size: 400 naming the checksum, nothing stored, nothing to confirm', async () => {
    const year = await freshYear()
    const bytes = jpeg(4000)
    const { evidence, upload: target } = (await declare(year, file(bytes))).body
    const res = await upload(target, sameSize(bytes))
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).error.fields[0].field).toBe('x-amz-checksum-sha256')
    const refused = await complete(year, evidence.id)
    expect(refused.status).toBe(409)
    expect(refused.body.error.details.reason).toBe('not_uploaded')
    // The right bytes still go through afterwards.
    expect((await upload(target, bytes)).status).toBe(200)
    expect((await complete(year, evidence.id)).status).toBe(200)
  })

  it('after confirming: the same upload URL, with other bytes or the same ones, is refused (412); the reviewer gets the original', async () => {
    const year = await freshYear()
    const bytes = jpeg(4000)
    const { evidence, upload: target } = (await declare(year, file(bytes))).body
    expect((await upload(target, bytes)).status).toBe(200)
    expect((await complete(year, evidence.id)).status).toBe(200)

    const forged = sameSize(bytes)
    for (const [name, body] of [
      ['other bytes', forged],
      ['the same bytes', bytes],
    ] as const) {
      const res = await upload(target, body)
      expect(res.status, name).toBe(412)
      expect(((await res.json()) as any).error.details.reason, name).toBe('exists')
    }
    // A token re-signed for the forged bytes (what a stolen URL cannot do, but a bug in the API might) is refused too.
    const forgedToken = signBlobToken(deriveBlobSecret(TEST_SECRET), {
      op: 'put',
      key: blobKey(evidence),
      size: forged.length,
      type: 'image/jpeg',
      sha256: sha256(forged),
      exp: Math.floor(Date.now() / 1000) + 600,
    })
    expect((await fetch(abs(`/api/local-blobs/${forgedToken}`), { method: 'PUT', headers: target.headers, body: forged })).status).toBe(412)
    expect(await downloaded(year)).toEqual(bytes)
    // No new URL for a confirmed file.
    expect((await api('POST', `${evidencePath(year)}/${evidence.id}/upload`, 'officer')).status).toBe(409)
  })

  it('after submitting: re-sending the original URL is refused, a pending file cannot be confirmed, the reviewer gets the original', async () => {
    const year = await freshYear()
    const bytes = jpeg(4000)
    const stored = (await declare(year, file(bytes))).body
    expect((await upload(stored.upload, bytes)).status).toBe(200)
    expect((await complete(year, stored.evidence.id)).status).toBe(200)
    const late = jpeg(4000)
    const pending = (await declare(year, file(late))).body
    await setStatus(year, 'submitted')

    expect((await upload(stored.upload, sameSize(bytes))).status).toBe(412)
    // The pending file's URL still reaches the store (it cannot know the assessment), but it is never confirmed
    // nor shown: confirming and renewing are refused.
    expect((await upload(pending.upload, late)).status).toBe(200)
    for (const res of [await complete(year, pending.evidence.id), await api('POST', `${evidencePath(year)}/${pending.evidence.id}/upload`, 'officer')]) {
      expect(res.status).toBe(409)
      expect(res.body.error.code).toBe('not_editable')
    }
    const list = await api('GET', evidencePath(year), 'reviewer')
    expect(list.body.indicators['A3.1'].map((e: { id: string }) => e.id)).toEqual([stored.evidence.id])
    expect(await downloaded(year)).toEqual(bytes)
  })

  it('the confirmation is an audit event naming the file and its SHA-256, shown to the reviewer in the timeline', async () => {
    const year = await freshYear()
    const bytes = jpeg(2500)
    const { evidence, upload: target } = (await declare(year, { filename: 'Biên bản.jpg', ...file(bytes) })).body
    await upload(target, bytes)
    expect((await complete(year, evidence.id)).status).toBe(200)
    expect((await complete(year, evidence.id)).status).toBe(200)
    const timeline = await api('GET', `/api/communes/${own}/assessments/${year}/timeline`, 'reviewer')
    const events = timeline.body.events.filter((e: { action: string }) => e.action === 'evidence_stored')
    // Confirmed twice (a retry), logged once.
    expect(events).toEqual([
      expect.objectContaining({
        action: 'evidence_stored',
        by: accounts.officer.id,
        role: 'officer',
        indicatorId: 'A3.1',
        changes: [{ field: 'evidence.A3.1', from: null, to: `Biên bản.jpg (SHA-256 ${sha256(bytes)})` }],
        evidence: { id: evidence.id, filename: 'Biên bản.jpg', contentType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes) },
      }),
    ])
    const [view] = (await api('GET', evidencePath(year), 'reviewer')).body.indicators['A3.1']
    expect(view.sha256).toBe(sha256(bytes))
  })

  it('two uploads racing to one URL: exactly one stores the file', async () => {
    const year = await freshYear()
    const bytes = jpeg(200_000)
    const { evidence, upload: target } = (await declare(year, file(bytes))).body
    const statuses = (await Promise.all([upload(target, bytes), upload(target, bytes), upload(target, bytes)])).map((r) => r.status).sort()
    expect(statuses[0]).toBe(200)
    expect(statuses.slice(1).every((s) => s === 200 || s === 412)).toBe(true)
    expect((await complete(year, evidence.id)).status).toBe(200)
    expect(await downloaded(year)).toEqual(bytes)
    expect((await readdir(evidenceDir)).some((n) => n.endsWith('.part'))).toBe(false)
  })
})

describe('evidence: file names with bidirectional-text controls', () => {
  it('a right-to-left override is removed when stored, listed and downloaded', async () => {
    const year = await freshYear()
    const bytes = jpeg(1500)
    const res = await declare(year, { filename: 'hoa-don\u202Egpj.exe\u2066\u200F', ...file(bytes) })
    expect(res.status).toBe(201)
    expect(res.body.evidence.filename).toBe('hoa-dongpj.exe')
    await upload(res.body.upload, bytes)
    await api('POST', `${evidencePath(year)}/${res.body.evidence.id}/complete`, 'officer')
    const [view] = (await api('GET', evidencePath(year), 'reviewer')).body.indicators['A3.1']
    expect(view.filename).toBe('hoa-dongpj.exe')
    const got = await fetch(abs(view.download.url))
    expect(decodeURIComponent(got.headers.get('content-disposition')!)).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/)
  })

  it('a name stored before the cleaning is shown without its controls', async () => {
    const year = await freshYear()
    const bytes = jpeg(1500)
    const { evidence, upload: target } = (await declare(year, file(bytes))).body
    await upload(target, bytes)
    await api('POST', `${evidencePath(year)}/${evidence.id}/complete`, 'officer')
    // As an older version stored it.
    await createDocumentClient(raw).send(
      new UpdateCommand({
        TableName: tableName,
        Key: evidenceKey(evidence),
        UpdateExpression: 'SET filename = :f',
        ExpressionAttributeValues: { ':f': 'anh\u202Egnp.jpg' },
      }),
    )
    const [view] = (await api('GET', evidencePath(year), 'officer')).body.indicators['A3.1']
    expect(view.filename).toBe('anhgnp.jpg')
  })
})

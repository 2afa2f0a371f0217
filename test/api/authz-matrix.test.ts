// The authorization matrix, generated from GET /api/openapi.json: every route × (no token | officer | reviewer |
// admin) × (their own unit | another's). Unauthenticated → 401 on every non-public route; for each role the
// expected allow (anything but 401/403: the request got past authorization, and may still be 404/409/422 for
// the data's state) or deny (exactly 403). A route added to the API without a row here fails the test.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { deriveBlobSecret, diskBlobStore } from '../../functions/src/blobs/disk-blob-store'
import type { OrgUnit, Store } from '../../functions/src/storage/store'
import { hashPassword } from '../../functions/src/auth/password'
import { defaultRubric2025 } from '../../shared/rubric/default'
import { flattenIndicators } from '../../shared/rubric/walk'
import { createTestTable } from '../support/dynamo'
import { accounts, call, completeAnswers, makeApp, PASSWORD, seedFixtures, TEST_SECRET, tokensFor, units, YEAR, type TestApp } from './harness'
import { scaled } from '../support/timing'

type Role = 'officer' | 'reviewer' | 'admin'
type Side = 'own' | 'other'
type Outcome = 'allow' | 'deny'

// Another province, for an administrator's "other unit".
const hni = {
  province: { id: 'hni', kind: 'province', name: 'Hà Nội', code: '01' },
  district: { id: 'hni-ba-vi', kind: 'district', name: 'Ba Vì', parentId: 'hni' },
  commune: { id: 'hni-ba-trai', kind: 'commune', name: 'Ba Trại', parentId: 'hni-ba-vi' },
} satisfies Record<string, OrgUnit>

/** Per caller: the commune and review unit that are theirs, and ones that are not. */
const scope: Record<Role, Record<Side, { commune: string; unit: string; user: string }>> = {
  officer: { own: { commune: units.sonDung.id, unit: units.sonDung.id, user: 'u-target-qng' }, other: { commune: units.anVinh.id, unit: units.anVinh.id, user: 'u-target-hni' } },
  reviewer: { own: { commune: units.sonDung.id, unit: units.sonTay.id, user: 'u-target-qng' }, other: { commune: units.anVinh.id, unit: units.lySon.id, user: 'u-target-hni' } },
  admin: { own: { commune: units.sonDung.id, unit: units.sonTay.id, user: 'u-target-qng' }, other: { commune: hni.commune.id, unit: hni.district.id, user: 'u-target-hni' } },
}

type Target = { commune: string; unit: string; user: string }
type Req = { query?: Record<string, string>; body?: unknown; form?: FormData; params?: Record<string, string> }

const indicatorId = flattenIndicators(defaultRubric2025)[0]!.indicator.id
const nextYear = YEAR + 1
// A controlled clock (the app's), so the deadlines below stay in its future on any date.
const NOW = new Date(`${YEAR}-03-01T08:00:00Z`)
const future = (year = YEAR) => `${year}-11-30`

const always = (): Outcome => 'allow'
const ownUnit = (_: Role, side: Side): Outcome => (side === 'own' ? 'allow' : 'deny')
const only = (...roles: Role[]) => (role: Role, side: Side): Outcome => (roles.includes(role) && side === 'own' ? 'allow' : 'deny')
const role = (...roles: Role[]) => (r: Role): Outcome => (roles.includes(r) ? 'allow' : 'deny')
const PUBLIC = 'public' as const

/** One row per route of openapi.json: who may, and a request that passes validation (so the 403 is reachable). */
type Answer = { status: number; body: any }
const matrix: Record<string, { expect: ((role: Role, side: Side) => Outcome) | typeof PUBLIC; req?: (t: Target) => Req; denied?: (res: Answer) => boolean; fresh?: true }> = {
  'GET /api/health': { expect: PUBLIC },
  'GET /api/ready': { expect: PUBLIC },
  'POST /api/auth/login': { expect: PUBLIC },
  'POST /api/auth/change-password': { expect: always, req: () => ({ body: { currentPassword: 'not the password', newPassword: 'a long enough new one' } }) },
  'GET /api/me': { expect: always },
  // Revokes the caller's session: run with a login of its own (see `fresh`), not the matrix's shared tokens.
  'POST /api/auth/logout': { expect: always, fresh: true },
  'GET /api/rubrics/{year}': { expect: always },
  'POST /api/score': { expect: always, req: () => ({ body: { year: YEAR, ...completeAnswers() } }) },
  'GET /api/years': { expect: always },
  'GET /api/communes/{communeId}/assessments/{year}': { expect: ownUnit },
  'PATCH /api/communes/{communeId}/assessments/{year}': { expect: only('officer'), req: () => ({ body: { version: 999, answers: {} } }) },
  'POST /api/communes/{communeId}/assessments/{year}/submit': { expect: only('officer'), req: () => ({ body: { version: 999 } }) },
  'POST /api/communes/{communeId}/assessments/{year}/reviews/{indicatorId}': { expect: only('reviewer'), req: () => ({ body: { version: 999, decision: 'accepted' } }) },
  'POST /api/communes/{communeId}/assessments/{year}/reviews/accept-remaining': { expect: only('reviewer'), req: () => ({ body: { version: 999 } }) },
  'POST /api/communes/{communeId}/assessments/{year}/roster-reviews/{villageId}': { expect: only('reviewer'), req: () => ({ params: { villageId: 'thon-1' }, body: { version: 999, village: null, reason: 'Kiểm tra thực tế' } }) },
  'POST /api/communes/{communeId}/assessments/{year}/return': { expect: only('reviewer'), req: () => ({ body: { version: 999, comment: 'Bổ sung minh chứng' } }) },
  'POST /api/communes/{communeId}/assessments/{year}/approve': { expect: only('reviewer'), req: () => ({ body: { version: 999 } }) },
  'POST /api/communes/{communeId}/assessments/{year}/reject': { expect: only('reviewer'), req: () => ({ body: { version: 999, reason: 'Không đạt' } }) },
  'POST /api/communes/{communeId}/assessments/{year}/recognise': { expect: only('admin'), req: () => ({ body: { version: 999 } }) },
  'POST /api/communes/{communeId}/assessments/{year}/not-recognise': { expect: only('admin'), req: () => ({ body: { version: 999, reason: 'Không đạt' } }) },
  'POST /api/communes/{communeId}/assessments/{year}/reopen': { expect: only('admin'), req: () => ({ body: { version: 999, reason: 'Xem lại' } }) },
  'GET /api/communes/{communeId}/assessments/{year}/timeline': { expect: ownUnit },
  'GET /api/communes/{communeId}/assessments/{year}/comments': { expect: ownUnit },
  'POST /api/communes/{communeId}/assessments/{year}/comments': { expect: ownUnit, req: () => ({ body: { text: 'Ghi chú kiểm tra quyền' } }) },
  'GET /api/communes/{communeId}/assessments/{year}/previous': { expect: ownUnit },
  'GET /api/communes/{communeId}/history': { expect: ownUnit },
  'POST /api/communes/{communeId}/assessments/{year}/evidence': {
    expect: only('officer'),
    req: () => ({ body: { indicatorId, filename: 'bien-ban.pdf', contentType: 'application/pdf', size: 1000, sha256: 'a'.repeat(64) } }),
  },
  'GET /api/communes/{communeId}/assessments/{year}/evidence': { expect: ownUnit },
  'POST /api/communes/{communeId}/assessments/{year}/evidence/{id}/upload': { expect: only('officer'), req: () => ({ body: {} }) },
  'POST /api/communes/{communeId}/assessments/{year}/evidence/{id}/complete': { expect: only('officer'), req: () => ({ body: {} }) },
  'DELETE /api/communes/{communeId}/assessments/{year}/evidence/{id}': { expect: only('officer') },
  'GET /api/communes/{communeId}/assessments/{year}/evidence-log': { expect: ownUnit },
  'GET /api/review/queue': { expect: role('reviewer', 'admin'), req: () => ({ query: { year: String(YEAR) } }) },
  // The reviewer's desk: the unit's reviewers, and which of them reviews a commune (reviewers and administrators).
  'GET /api/review/reviewers': { expect: only('reviewer', 'admin'), req: (t) => ({ query: { unitId: t.unit } }) },
  'PUT /api/review/assignments': { expect: only('reviewer', 'admin'), req: (t) => ({ body: { year: YEAR, communeId: t.commune, reviewerId: null } }) },
  // A batch: a commune outside the province is refused per item (403 in its result), the batch answers 200.
  'POST /api/recognitions': {
    expect: only('admin'),
    req: (t) => ({ body: { year: YEAR, items: [{ communeId: t.commune, version: 999 }] } }),
    denied: (res) => res.status === 403 || (res.status === 200 && res.body?.results?.[0]?.ok === false && res.body.results[0].error?.code === 'forbidden'),
  },
  'GET /api/exports/assessments.csv': { expect: only('reviewer', 'admin'), req: (t) => ({ query: { year: String(YEAR), unitId: t.unit } }) },
  'GET /api/exports/assessments.xlsx': { expect: only('reviewer', 'admin'), req: (t) => ({ query: { year: String(YEAR), unitId: t.unit } }) },
  // The list for the province's recognition decision: administrators only.
  'GET /api/exports/recognised': { expect: only('admin'), req: (t) => ({ query: { year: String(YEAR), unitId: t.unit } }) },
  'GET /api/dashboard': { expect: only('reviewer', 'admin'), req: (t) => ({ query: { year: String(YEAR), unitId: t.unit } }) },
  'GET /api/signal-gaps': { expect: only('reviewer', 'admin'), req: (t) => ({ query: { year: String(YEAR), unit: t.unit } }) },
  'GET /api/signal-gaps.geojson': { expect: only('reviewer', 'admin'), req: (t) => ({ query: { year: String(YEAR), unit: t.unit } }) },
  'GET /api/signal-gaps.csv': { expect: only('reviewer', 'admin'), req: (t) => ({ query: { year: String(YEAR), unit: t.unit } }) },
  // Province administration: the administrator, on their own province's units and accounts only.
  'GET /api/admin/units': { expect: only('admin'), req: (t) => ({ query: { parentId: t.unit } }) },
  'POST /api/admin/units': { expect: only('admin'), req: (t) => ({ body: { kind: 'commune', name: `Xã Thử ${Math.random()}`, parentId: t.unit } }) },
  'POST /api/admin/units/merge': {
    expect: only('admin'),
    req: (t) => ({ body: { into: { id: `${t.unit}-merged`, name: 'Xã Hợp Nhất', parentId: t.unit }, from: [t.unit === hni.district.id ? 'hni-m1' : 'qng-m1', t.unit === hni.district.id ? 'hni-m2' : 'qng-m2'] } }),
  },
  'PATCH /api/admin/units/{id}': { expect: only('admin'), req: (t) => ({ params: { id: t.unit }, body: { name: 'Tên Mới' } }) },
  'POST /api/admin/units/{id}/retire': { expect: only('admin'), req: (t) => ({ params: { id: t.unit === hni.district.id ? 'hni-r1' : 'qng-r1' }, body: {} }) },
  'GET /api/admin/users': { expect: only('admin'), req: (t) => ({ query: { unitId: t.unit } }) },
  'POST /api/admin/users': { expect: only('admin'), req: (t) => ({ body: { name: 'Người Thử', username: `thu.${Math.random().toString(36).slice(2, 8)}`, role: 'officer', unitId: t.commune } }) },
  'POST /api/admin/users/import': {
    expect: role('admin'),
    req: () => {
      const form = new FormData()
      form.append('file', new Blob(['username,name,role,unitId\n'], { type: 'text/csv' }), 'accounts.csv')
      return { form }
    },
  },
  // An import job belongs to the province of the administrator who sent its file (one deployment per province).
  'POST /api/admin/users/import-jobs/{id}/continue': { expect: role('admin'), req: () => ({ params: { id: '0'.repeat(32) }, body: {} }) },
  'DELETE /api/admin/users/import-jobs/{id}': { expect: role('admin'), req: () => ({ params: { id: '0'.repeat(32) } }) },
  'DELETE /api/admin/users/import-jobs/{id}/passwords': { expect: role('admin'), req: () => ({ params: { id: '0'.repeat(32) } }) },
  'POST /api/admin/users/{id}/reset-password': { expect: only('admin'), req: (t) => ({ params: { id: t.user }, body: {} }) },
  'POST /api/admin/users/{id}/deactivate': { expect: only('admin'), req: (t) => ({ params: { id: t.user }, body: {} }) },
  'POST /api/admin/users/{id}/activate': { expect: only('admin'), req: (t) => ({ params: { id: t.user }, body: {} }) },
  // Survey years belong to the administrator's province (one deployment per province): no unit to vary.
  'GET /api/admin/years': { expect: role('admin') },
  'POST /api/admin/years': { expect: role('admin'), req: () => ({ body: { year: nextYear, deadline: future(nextYear), rubricSource: 'default' } }) },
  'GET /api/admin/years/{year}': { expect: role('admin') },
  'PATCH /api/admin/years/{year}': { expect: role('admin'), req: () => ({ body: { deadline: future(), reason: 'Gia hạn chung' } }) },
  'PUT /api/admin/years/{year}/extensions/{communeId}': { expect: only('admin'), req: () => ({ body: { until: future(), reason: 'Mất điện' } }) },
  'POST /api/admin/years/{year}/extensions/{communeId}/revoke': { expect: only('admin'), req: () => ({ body: { reason: 'Nhầm' } }) },
  'POST /api/admin/years/{year}/rubrics/preview': { expect: role('admin'), req: () => ({ body: { rubric: defaultRubric2025 } }) },
  'GET /api/admin/years/{year}/rubrics/{version}': { expect: role('admin'), req: () => ({ params: { version: '1' } }) },
  'POST /api/admin/years/{year}/rubrics': { expect: role('admin'), req: () => ({ body: { rubric: defaultRubric2025, baseVersion: 999 } }) },
  'PATCH /api/admin/years/{year}/rubrics': { expect: role('admin'), req: () => ({ body: { baseVersion: 999 } }) },
}

let app: TestApp
let store: Store
let tokens: Record<Role, string>
let operations: { method: string; path: string; key: string; secured: boolean }[]

async function seedOtherProvince(s: Store) {
  for (const unit of Object.values(hni)) await s.orgUnits.put(unit)
  // Throwaway units and accounts for the mutating admin routes, in each province.
  for (const [prefix, parentId] of [['qng', units.sonTay.id], ['hni', hni.district.id]] as const) {
    for (const suffix of ['m1', 'm2', 'r1']) await s.orgUnits.put({ id: `${prefix}-${suffix}`, kind: 'commune', name: `Xã ${prefix} ${suffix}`, parentId })
  }
  const passwordHash = await hashPassword(PASSWORD)
  await s.users.put({ id: 'u-target-qng', username: 'target.qng', name: 'Đích Quảng Ngãi', role: 'officer', orgUnitId: units.sonMua.id, active: true, passwordHash })
  await s.users.put({ id: 'u-target-hni', username: 'target.hni', name: 'Đích Hà Nội', role: 'officer', orgUnitId: hni.commune.id, active: true, passwordHash })
}

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  await seedOtherProvince(store)
  const blobs = diskBlobStore({ dir: await mkdtemp(join(tmpdir(), 'xaso-authz-')), secret: deriveBlobSecret(TEST_SECRET) })
  app = makeApp(store, { clock: () => NOW, blobs })
  const t = await tokensFor(app, 'officer', 'reviewer', 'admin')
  tokens = { officer: t.officer, reviewer: t.reviewer, admin: t.admin }
  const doc = (await call(app, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> }
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, key: `${method.toUpperCase()} ${path}`, secured: !!op.security?.length })),
  )
})

function build(path: string, target: Target, req: Req): string {
  const params: Record<string, string> = { communeId: target.commune, year: String(YEAR), indicatorId, id: 'ev-does-not-exist', version: '1', ...req.params }
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `missing-${name}`))
  const query = req.query ? `?${new URLSearchParams(req.query)}` : ''
  return `${filled}${query}`
}

async function send(method: string, url: string, req: Req, token?: string) {
  if (req.form) {
    const res = await app.request(url, { method, body: req.form, headers: token ? { authorization: `Bearer ${token}` } : {} })
    return { status: res.status, body: await res.json().catch(() => undefined) }
  }
  return call(app, method, url, { ...(token ? { token } : {}), ...(req.body !== undefined ? { body: req.body } : method === 'GET' || method === 'DELETE' ? {} : { body: {} }) })
}

describe('the authorization matrix over openapi.json', () => {
  it('has a row for every route the API documents, and no row for a route it does not', () => {
    expect(operations.length).toBeGreaterThanOrEqual(50)
    expect(operations.map((o) => o.key).sort()).toEqual(Object.keys(matrix).sort())
    // the public routes are exactly the ones documented without security
    for (const op of operations) expect(op.secured, op.key).toBe(matrix[op.key]!.expect !== PUBLIC)
  })

  it('answers 401 without a token on every non-public route', async () => {
    const failures: string[] = []
    for (const op of operations.filter((o) => o.secured)) {
      const req = matrix[op.key]!.req?.(scope.admin.own) ?? {}
      const res = await send(op.method, build(op.path, scope.admin.own, req), req)
      if (res.status !== 401) failures.push(`${op.key}: ${res.status}`)
    }
    expect(failures).toEqual([])
  })

  it('answers 401 to a forged token on every non-public route', async () => {
    const forged = `${tokens.admin.slice(0, -4)}AAAA`
    const failures: string[] = []
    for (const op of operations.filter((o) => o.secured)) {
      const req = matrix[op.key]!.req?.(scope.admin.own) ?? {}
      const res = await send(op.method, build(op.path, scope.admin.own, req), req, forged)
      if (res.status !== 401) failures.push(`${op.key}: ${res.status}`)
    }
    expect(failures).toEqual([])
  })

  it('allows and denies each role on its own and another unit as expected', { timeout: scaled(300_000) }, async () => {
    // The year is open and both drafts exist, so a refused action is refused for the caller, not for a missing
    // year or assessment.
    expect((await call(app, 'POST', '/api/admin/years', { token: tokens.admin, body: { year: YEAR, deadline: future(), rubricSource: 'existing' } })).status).toBe(201)
    for (const [who, commune] of [['officer', units.sonDung.id], ['islandOfficer', units.anVinh.id]] as const) {
      const token = (await tokensFor(app, who))[who]
      await call(app, 'PATCH', `/api/communes/${commune}/assessments/${YEAR}`, { token, body: { version: 0, answers: {} } })
    }
    const failures: string[] = []
    const rows: string[] = []
    // Denied cases first: an allowed write (a merge, a deactivation) must not change what a denied one meets.
    for (const pass of ['deny', 'allow'] as const) {
      for (const op of operations.filter((o) => o.secured)) {
        const row = matrix[op.key]!
        if (row.expect === PUBLIC) continue
        for (const r of ['officer', 'reviewer', 'admin'] as const) {
          for (const side of ['own', 'other'] as const) {
            const expected = row.expect(r, side)
            if (expected !== pass) continue
            const target = scope[r][side]
            const req = row.req?.(target) ?? {}
            const token = row.fresh ? (await tokensFor(app, r))[r] : tokens[r]
            const res = await send(op.method, build(op.path, target, req), req, token)
            const denied = row.denied ? row.denied(res) : res.status === 403 && res.body?.error?.code === 'forbidden'
            const got = denied ? 'deny' : res.status === 401 || res.status === 403 ? `refused (${res.status})` : 'allow'
            rows.push(`${op.key} ${r}/${side}: ${res.status}`)
            if (got !== expected || res.status >= 500) {
              failures.push(`${op.key} as ${r} on ${side} unit: expected ${expected}, got ${res.status} ${JSON.stringify(res.body?.error ?? '').slice(0, 160)}`)
            }
          }
        }
      }
    }
    expect(failures).toEqual([])
    expect(rows.length).toBe(operations.filter((o) => o.secured).length * 6)
  })
})

// Shared by test/api and test/fault: a small org tree, accounts of every role, the 2025 rubric, and request helpers.
import type { Answers, Profile } from '../../shared/assessment'
import { defaultRubric2025 } from '../../shared/rubric/default'
import type { Rubric } from '../../shared/rubric/schema'
import { flattenIndicators } from '../../shared/rubric/walk'
import { createApp, type AppDeps } from '../../functions/src/app'
import { hashPassword } from '../../functions/src/auth/password'
import type { OrgUnit, Store, UserRecord } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'

export const TEST_SECRET = 'test-only-secret-0123456789abcdef0123456789'
export const PASSWORD = 'correct horse battery staple'
export const YEAR = 2025

export const units = {
  province: { id: 'qng', kind: 'province', name: 'Quảng Ngãi', code: '51' },
  sonTay: { id: 'qng-son-tay', kind: 'district', name: 'Sơn Tây', parentId: 'qng' },
  lySon: { id: 'qng-ly-son', kind: 'district', name: 'Lý Sơn', parentId: 'qng' },
  sonDung: { id: 'qng-son-dung', kind: 'commune', name: 'Sơn Dung', parentId: 'qng-son-tay' },
  sonMua: { id: 'qng-son-mua', kind: 'commune', name: 'Sơn Mùa', parentId: 'qng-son-tay' },
  anVinh: { id: 'qng-an-vinh', kind: 'commune', name: 'An Vĩnh', parentId: 'qng-ly-son' },
} satisfies Record<string, OrgUnit>

type Account = Omit<UserRecord, 'passwordHash'>
export const accounts = {
  officer: { id: 'u-officer', username: 'officer.sondung', name: 'Đinh Văn A', role: 'officer', orgUnitId: units.sonDung.id, active: true },
  otherOfficer: { id: 'u-officer2', username: 'officer.sonmua', name: 'Hồ Thị B', role: 'officer', orgUnitId: units.sonMua.id, active: true },
  islandOfficer: { id: 'u-officer3', username: 'officer.anvinh', name: 'Lê Văn C', role: 'officer', orgUnitId: units.anVinh.id, active: true },
  reviewer: { id: 'u-reviewer', username: 'reviewer.sontay', name: 'Phạm Văn D', role: 'reviewer', orgUnitId: units.sonTay.id, active: true },
  otherReviewer: { id: 'u-reviewer2', username: 'reviewer.lyson', name: 'Trần Thị E', role: 'reviewer', orgUnitId: units.lySon.id, active: true },
  admin: { id: 'u-admin', username: 'admin.qng', name: 'Nguyễn Văn F', role: 'admin', orgUnitId: units.province.id, active: true },
  inactive: { id: 'u-gone', username: 'officer.gone', name: 'Cựu cán bộ', role: 'officer', orgUnitId: units.sonDung.id, active: false },
} satisfies Record<string, Account>
export type AccountName = keyof typeof accounts

export async function seedFixtures(store: Store, rubric: Rubric = defaultRubric2025): Promise<void> {
  for (const unit of Object.values(units)) await store.orgUnits.put(unit)
  const passwordHash = await hashPassword(PASSWORD)
  await Promise.all(Object.values(accounts).map((a) => store.users.put({ ...a, passwordHash })))
  await store.rubrics.put(rubric)
}

export type TestApp = ReturnType<typeof createApp>

export function makeApp(store: Store, extra: Partial<AppDeps> = {}): TestApp {
  return createApp({ store, auth: { tokenSecret: TEST_SECRET }, ...extra })
}

export type Call = { status: number; body: any; headers: Headers }

export async function call(
  app: TestApp,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Call> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  let body: string | undefined
  if (opts.rawBody !== undefined) body = opts.rawBody
  else if (opts.body !== undefined) body = JSON.stringify(opts.body)
  if (body !== undefined) headers['content-type'] ??= 'application/json'
  const res = await app.request(path, { method, headers, body })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // non-JSON bodies are returned as text so a failing assertion shows them
  }
  return { status: res.status, body: parsed, headers: res.headers }
}

export async function loginAs(app: TestApp, who: AccountName): Promise<string> {
  const res = await call(app, 'POST', '/api/auth/login', { body: { username: accounts[who].username, password: PASSWORD } })
  if (res.status !== 200) throw new Error(`login ${who}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.token as string
}

/** A fresh table with the fixtures, the app on it, and `who`'s token: the start of most API tests. */
export async function seededApp(who: AccountName = 'officer'): Promise<{ store: Store; app: TestApp; token: string }> {
  const { store } = await createTestTable()
  await seedFixtures(store)
  const app = makeApp(store)
  return { store, app, token: await loginAs(app, who) }
}

export async function tokensFor(app: TestApp, ...who: AccountName[]): Promise<Record<AccountName, string>> {
  const out = {} as Record<AccountName, string>
  await Promise.all(who.map(async (w) => (out[w] = await loginAs(app, w))))
  return out
}

export const assessmentPath = (communeId: string, year = YEAR) => `/api/communes/${communeId}/assessments/${year}`

/** A complete, valid set of answers for any rubric (every fact 100, every ratio half-met). */
export function completeAnswers(rubric: Rubric = defaultRubric2025): { profile: Profile; answers: Answers } {
  const profile: Profile = Object.fromEntries(rubric.profile.map((f) => [f.id, 100]))
  const answers: Answers = {}
  for (const { indicator } of flattenIndicators(rubric)) {
    const input = indicator.input
    if (input.kind === 'ratio') answers[indicator.id] = 'profile' in input.denominator ? { numerator: 50 } : { numerator: 5, denominator: 10 }
    else if (input.kind === 'count') answers[indicator.id] = { count: 1 }
    else if (input.kind === 'boolean') answers[indicator.id] = { yes: true }
    else if (input.kind === 'choice') answers[indicator.id] = { choice: input.options[0]!.id }
  }
  return { profile, answers }
}

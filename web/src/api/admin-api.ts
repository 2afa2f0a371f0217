import { call, client } from './client'

// The administration routes (functions/src/units/routes.ts, accounts/routes.ts) through the typed hc<ApiType>
// client: paths, bodies and answers are checked against the server at compile time; errors go through `call`.

const units = () => client.api.admin.units
const users = () => client.api.admin.users

import type { ReviewTier } from '../../../shared/review-tier'
import type { Role } from '../../../shared/roles'

export type { Role }

export const adminApi = {
  units: (parentId?: string, includeRetired = false) =>
    call(() => units().$get({ query: { ...(parentId ? { parentId } : {}), ...(includeRetired ? { includeRetired: 'true' as const } : {}) } })),
  createUnit: (body: { kind: 'district' | 'commune'; name: string; parentId: string; code?: string }) => call(() => units().$post({ json: body })),
  updateUnit: (id: string, body: { name?: string; parentId?: string; code?: string; reviewTier?: ReviewTier }) => call(() => units()[':id'].$patch({ param: { id }, json: body })),
  retireUnit: (id: string) => call(() => units()[':id'].retire.$post({ param: { id } })),
  /** The commune's assessments and its predecessors' (merged communes), per year, newest first. */
  history: (communeId: string) => call(() => client.api.communes[':communeId'].history.$get({ param: { communeId } })),
  merge: (body: {
    into: { id?: string; name: string; parentId: string; code?: string }
    from: string[]
    drafts?: { mode: 'merge' } | { mode: 'keep'; communeId: string }
    officers?: 'move' | 'deactivate'
  }) =>
    call(() => units().merge.$post({ json: body })),

  users: (unitId: string) => call(() => users().$get({ query: { unitId } })),
  createUser: (body: { name: string; username: string; role: Role; unitId: string }) => call(() => users().$post({ json: body })),
  resetPassword: (id: string) => call(() => users()[':id']['reset-password'].$post({ param: { id } })),
  setActive: (id: string, active: boolean) =>
    call(() => (active ? users()[':id'].activate.$post({ param: { id } }) : users()[':id'].deactivate.$post({ param: { id } }))),
  /** The file as multipart field `file`; the server decides CSV or XLSX from its bytes. */
  importUsers: (file: File) => call(() => users().import.$post({ form: { file } })),
  /** Moves an unfinished import on (answer 202 = call again). */
  continueImport: (id: string) => call(() => users()['import-jobs'][':id'].continue.$post({ param: { id } })),
  /** The administrator has the one-time passwords: the server stops showing them. */
  forgetImportPasswords: (id: string) => call(() => users()['import-jobs'][':id'].passwords.$delete({ param: { id } })),
}

export type AdminUnit = Awaited<ReturnType<typeof adminApi.units>>['units'][number]
export type AdminUser = Awaited<ReturnType<typeof adminApi.users>>['users'][number]
export type CommuneHistory = Awaited<ReturnType<typeof adminApi.history>>
export type ImportedUser = NonNullable<Awaited<ReturnType<typeof adminApi.importUsers>>['users']>[number]

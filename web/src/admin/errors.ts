import { ApiError } from '../api/client'
import { l } from '../i18n'
import { ta, type AdminKey } from '../i18n/admin'
import { errorMessage } from '../ui/error-message'

/** A failed admin call in the user's language: one sentence, and the server's per-field messages by field name. */
export type AdminProblem = { text: string; fields: Record<string, string> }

/**
 * The server names each bad field (`name`, `parentId`, `from.1`, `into.id`) with a Vietnamese and English message;
 * those are shown beside the input. Codes without fields get a sentence of their own.
 */
export function adminProblem(e: unknown): AdminProblem {
  const fields: Record<string, string> = {}
  if (e instanceof ApiError) for (const f of e.fields) fields[f.field] = fields[f.field] ? `${fields[f.field]} ${l(f.message)}` : l(f.message)
  const text = errorMessage(e, {
    fields: (fs) => `${ta('errInvalid')} ${fs.map((f) => `${fieldLabel(f.field)}: ${l(f.message)}`).join('; ')}`,
    code: {
      not_editable: ta('errRetired'),
      conflict: (e) =>
        Array.isArray(e.details.activeChildren)
          ? ta('errActiveChildren', { n: e.details.activeChildren.length })
          : /own account/.test(e.message)
            ? ta('errSelf')
            : undefined,
    },
    // The administrator's sentences name units and accounts.
    status: { 403: ta('errForbidden'), 404: ta('errNotFound') },
    other: ta('errGeneric'),
    thrown: ta('errGeneric'),
  })
  return { text, fields }
}

/** `from.1` → "Các xã được sáp nhập", `unitId` → "Đơn vị": the label of the input the field belongs to. */
export function fieldLabel(field: string): string {
  const head = field.split('.')[0] ?? field
  const key = `field_${head}` as AdminKey
  return key in FIELD_KEYS ? ta(key) : field
}
const FIELD_KEYS = { field_name: 1, field_code: 1, field_parentId: 1, field_username: 1, field_unitId: 1, field_role: 1, field_from: 1, field_into: 1, field_drafts: 1, field_officers: 1 }

/** One line of a rejected import: `details.problems` of the 400 (line, column, message). */
export type ImportProblem = { line: number; column?: string; message: string }

export function importProblems(e: unknown): ImportProblem[] | undefined {
  if (!(e instanceof ApiError) || e.code !== 'validation') return undefined
  const raw = e.details.problems
  if (Array.isArray(raw)) {
    return raw.map((p: { line: number; column?: string; message: { vi: string; en: string } }) => ({
      line: p.line,
      ...(p.column ? { column: columnLabel(p.column) } : {}),
      message: l(p.message),
    }))
  }
  // e.g. no file sent: a plain field problem.
  return e.fields.length ? e.fields.map((f) => ({ line: 0, message: l(f.message) })) : undefined
}

const columnLabel = (c: string) => (['name', 'username', 'role', 'unit'].includes(c) ? ta(`col_${c}` as AdminKey) : c)

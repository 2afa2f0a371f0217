import { createRoute, z } from '@hono/zod-openapi'
import type { HonoRequest } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../../../shared/errors'
import { createUser, listUsers, resetPassword, setActive, USERNAME_PATTERN } from './service'
import { continueImport, forgetImportPasswords, importUsers, rollBackImport, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './import'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, jsonBody, Role, UserSchema } from '../http/schemas'
import { IMPORT_PATH } from './paths'

export { IMPORT_PATH }
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
// Multipart framing around a 5 MB file is a few hundred bytes; the file itself is checked exactly.
const IMPORT_BODY_LIMIT = MAX_IMPORT_BYTES + 64 * 1024

const AdminUserSchema = UserSchema.extend({
    active: z.boolean(),
    mustChangePassword: z.boolean(),
    createdAt: z.string().optional(),
  })
  .openapi('AdminUser')

const WithPassword = z
  .object({
    user: AdminUserSchema,
    oneTimePassword: z.string().openapi({ description: 'Shown once; the user must change it at first login', example: 'k7mq-2xhp-9frt-bc3d' }),
  })
  .openapi('UserWithOneTimePassword')

const CreateUser = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    username: z.string().trim().regex(USERNAME_PATTERN, '3–64 ASCII letters, digits, . _ -'),
    role: Role,
    unitId: z.string().trim().min(1).max(64),
  })
  .openapi('CreateUser')

const ImportResult = z
  .object({
    job: z
      .object({
        id: z.string(),
        status: z.enum(['creating', 'activating', 'done', 'rolling_back', 'rolled_back']),
        total: z.number().int(),
        created: z.number().int().openapi({ description: 'Accounts created so far (inactive until every one exists)' }),
        activated: z.number().int(),
        createdAt: z.string(),
      })
      .openapi('ImportJob'),
    imported: z.number().int().openapi({ description: 'Accounts this import made active: all of them once done' }),
    alreadyImported: z.boolean().optional().openapi({ description: 'The same file was imported before: nothing was done' }),
    users: z
      .array(AdminUserSchema.extend({ line: z.number().int(), oneTimePassword: z.string() }))
      .optional()
      .openapi({ description: 'Once done, until DELETE …/import-jobs/{id}/passwords: every account with its one-time password' }),
  })
  .openapi('ImportResult')

const idParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' } }) })
const adminErrors = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 503: errors[503] }

const listRoute = createRoute({
  method: 'get',
  path: '/admin/users',
  tags: ['admin'],
  summary: 'Accounts of one unit of the admin’s province (default: the province’s own); never password hashes',
  security: bearer,
  request: { query: z.object({ unitId: z.string().min(1).max(64).optional() }) },
  responses: { 200: json(z.object({ users: z.array(AdminUserSchema) }), 'Accounts, by username'), ...adminErrors },
})

const createRouteDef = createRoute({
  method: 'post',
  path: '/admin/users',
  tags: ['admin'],
  summary: 'Create one account (officer → commune, reviewer → review unit, admin → province) with a one-time password',
  security: bearer,
  request: { body: jsonBody(CreateUser) },
  responses: { 201: json(WithPassword, 'Created'), ...adminErrors },
})

const importRoute = createRoute({
  method: 'post',
  path: IMPORT_PATH,
  tags: ['admin'],
  summary: `Import accounts from CSV (UTF-8) or XLSX, ≤ ${MAX_IMPORT_ROWS} rows / 5 MB: all or nothing, as a resumable job`,
  description:
    'Columns (Vietnamese or English headers, any order): họ tên/name, tên đăng nhập/username, vai trò/role, đơn vị/unit ' +
    '(unit id, code or exact name). Send the file as multipart/form-data field `file`, or as the raw body with ' +
    '`Content-Type: text/csv` or the XLSX type. Any bad row → 400 listing every problem by line (`fields[].field` = ' +
    '`line.<n>.<column>`, `details.problems`), and nothing is imported. A good file becomes a job: accounts are created ' +
    'inactive and activated once all exist; 202 means continue it (POST /admin/users/import-jobs/{id}/continue); the same ' +
    'file sent again resumes it, or, once done, changes nothing.',
  security: bearer,
  request: {
    body: {
      required: true,
      content: {
        // Optional here so the validator lets every content type through: the handler reads and checks the file itself.
        'multipart/form-data': { schema: z.object({ file: z.any().optional().openapi({ type: 'string', format: 'binary' }) }) },
        'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
  },
  responses: {
    200: json(ImportResult, 'This file was imported before: nothing changed (passwords included until confirmed)'),
    201: json(ImportResult, 'Every account created and active; one-time passwords included'),
    202: json(ImportResult, 'Checked and started, not finished: POST …/import-jobs/{id}/continue until done'),
    ...adminErrors,
  },
})

const jobParam = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/).openapi({ param: { name: 'id', in: 'path' } }) })

const continueRoute = createRoute({
  method: 'post',
  path: '/admin/users/import-jobs/{id}/continue',
  tags: ['admin'],
  summary: 'Continue an account import (after a 202, a timeout or a restart) as far as one request allows',
  security: bearer,
  request: { params: jobParam },
  responses: {
    200: json(ImportResult, 'Done: every account active, one-time passwords included until confirmed'),
    202: json(ImportResult, 'Not finished yet: continue again'),
    ...adminErrors,
  },
})

const rollBackRoute = createRoute({
  method: 'delete',
  path: '/admin/users/import-jobs/{id}',
  tags: ['admin'],
  summary: 'Abandon an unfinished import: its accounts (all still inactive) are deleted; 202 = call again to finish',
  security: bearer,
  request: { params: jobParam },
  responses: {
    200: json(z.object({ rolledBack: z.literal(true) }), 'Rolled back: none of its accounts exists'),
    202: json(ImportResult, 'Rolling back: call again'),
    ...adminErrors,
  },
})

const forgetPasswordsRoute = createRoute({
  method: 'delete',
  path: '/admin/users/import-jobs/{id}/passwords',
  tags: ['admin'],
  summary: 'The administrator has the one-time passwords of a finished import: they can no longer be shown',
  security: bearer,
  request: { params: jobParam },
  responses: { 200: json(ImportResult, 'Forgotten'), ...adminErrors },
})

const resetRoute = createRoute({
  method: 'post',
  path: '/admin/users/{id}/reset-password',
  tags: ['admin'],
  summary: 'New one-time password; the user’s tokens stop working and a lockout is lifted',
  security: bearer,
  request: { params: idParam },
  responses: { 200: json(WithPassword, 'Reset'), ...adminErrors },
})

const activeRoute = (action: 'deactivate' | 'activate') =>
  createRoute({
    method: 'post',
    path: `/admin/users/{id}/${action}`,
    tags: ['admin'],
    summary: action === 'deactivate' ? 'Deactivate an account; its tokens stop working at once' : 'Reactivate an account',
    security: bearer,
    request: { params: idParam },
    responses: { 200: json(z.object({ user: AdminUserSchema }), 'Done'), ...adminErrors },
  })

/** The uploaded file's bytes, from multipart field `file` or the raw body. */
async function uploadedBytes(req: HonoRequest): Promise<Uint8Array> {
  const type = (req.header('content-type') ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data')) {
    let form: FormData
    try {
      form = await req.formData()
    } catch {
      throw new AppError('bad_request', 'Malformed multipart body')
    }
    const file = form.get('file')
    if (!file || typeof file === 'string') {
      throw new AppError('validation', 'No file', { fields: [{ field: 'file', code: 'required', message: { vi: 'Chưa chọn tệp', en: 'No file was sent in field "file"' } }] })
    }
    return new Uint8Array(await file.arrayBuffer())
  }
  return new Uint8Array(await req.arrayBuffer())
}

export const adminUserRoutes = (ctx: Ctx) => {
  const app = newRouter()
  app.use(
    IMPORT_PATH,
    bodyLimit({
      maxSize: IMPORT_BODY_LIMIT,
      onError: () => {
        throw new AppError('validation', 'The file is larger than 5 MB', {
          fields: [{ field: 'file', code: 'too_large', message: { vi: 'Tệp lớn hơn 5 MB', en: 'The file is larger than 5 MB' } }],
        })
      },
    }),
  )
  return app
    .openapi(listRoute, async (c) => c.json({ users: await listUsers(ctx.store, c.var.principal, c.req.valid('query').unitId) }, 200))
    .openapi(createRouteDef, async (c) => c.json(await createUser(ctx.store, c.var.principal, c.req.valid('json'), ctx.now()), 201))
    .openapi(importRoute, async (c) => {
      // Body read by hand (not c.req.valid): one handler for multipart and raw uploads, and bytes, not text,
      // so the import can tell the user which lines are not UTF-8.
      const bytes = await uploadedBytes(c.req)
      const { view, finished } = await importUsers(ctx.store, c.var.principal, bytes, ctx.now(), ctx.tokens.secret)
      if (view.alreadyImported) return c.json(view, 200)
      return finished ? c.json(view, 201) : c.json(view, 202)
    })
    .openapi(continueRoute, async (c) => {
      const { view, finished } = await continueImport(ctx.store, c.var.principal, c.req.valid('param').id, ctx.tokens.secret)
      return finished ? c.json(view, 200) : c.json(view, 202)
    })
    .openapi(rollBackRoute, async (c) => {
      const { view } = await rollBackImport(ctx.store, c.var.principal, c.req.valid('param').id, ctx.tokens.secret)
      return view ? c.json(view, 202) : c.json({ rolledBack: true as const }, 200)
    })
    .openapi(forgetPasswordsRoute, async (c) =>
      c.json(await forgetImportPasswords(ctx.store, c.var.principal, c.req.valid('param').id, ctx.tokens.secret), 200),
    )
    .openapi(resetRoute, async (c) => c.json(await resetPassword(ctx.store, c.var.principal, c.req.valid('param').id), 200))
    .openapi(activeRoute('deactivate'), async (c) => c.json({ user: await setActive(ctx.store, c.var.principal, c.req.valid('param').id, false) }, 200))
    .openapi(activeRoute('activate'), async (c) => c.json({ user: await setActive(ctx.store, c.var.principal, c.req.valid('param').id, true) }, 200))
}

import { AppError } from '../../../shared/errors'

/**
 * A JSON body may carry `__proto__` as an own key (JSON.parse makes it one); zod's records skip it without a
 * word, so `{"answers": {"__proto__": …}}` was accepted as a silent no-op. It is refused like any unknown id,
 * from the raw body (hono keeps the parsed JSON, so this costs no second parse).
 */
export function refuseProtoKeys(raw: unknown, records: readonly string[]): void {
  if (typeof raw !== 'object' || raw === null) return
  const fields = records
    .filter((name) => {
      const record = (raw as Record<string, unknown>)[name]
      return typeof record === 'object' && record !== null && Object.hasOwn(record, '__proto__')
    })
    .map((name) => ({
      field: `${name}.__proto__`,
      code: name === 'profile' ? 'unknown_fact' : 'unknown_indicator',
      message: { vi: `Không có mã "__proto__" trong bộ tiêu chí`, en: 'Unknown id "__proto__"' },
    }))
  if (fields.length > 0) throw new AppError('validation', `Not in the rubric: ${fields.map((f) => f.field).join(', ')}`, { fields })
}

/**
 * A record's own value for a key, never one inherited from Object.prototype: ids come from users and from
 * uploaded rubrics, and `constructor`, `toString` or `__proto__` must find nothing rather than a function.
 */
export function ownValue<T>(record: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined
}

import { toCsv } from '../ui/csv'

// The accounts import template; the CSV writing itself is ui/csv.ts.

/** The headers the import understands (functions/src/accounts/import.ts), Vietnamese, in the expected order. */
export const TEMPLATE_HEADERS = ['họ tên', 'tên đăng nhập', 'vai trò', 'đơn vị'] as const

export const templateCsv = () => toCsv([TEMPLATE_HEADERS])

import { fieldIssue, type FieldIssue } from '../../../shared/errors'

export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 200

// The most common choices that are at least 10 characters long (shorter ones fail the length rule anyway),
// international and Vietnamese ("matkhau" = password, "anhyeuem" = I love you). Compared lower-cased.
const COMMON = new Set([
  '0123456789', '1234567890', '12345678910', '1234567891', '0987654321', '1111111111', '0000000000', '1122334455',
  '123456789a', 'a123456789', '123456789abc', 'abc1234567', 'abcd123456', 'abcd@12345', 'abc@123456', '1qaz2wsx3edc',
  'qwertyuiop', 'qwerty1234', 'qwerty12345', 'password12', 'password123', 'password1234', 'password@123', 'passw0rd123',
  'p@ssw0rd123', 'iloveyou123', 'admin12345', 'admin@1234', 'admin@12345', 'admin123456', 'administrator',
  'matkhau123', 'matkhau@123', 'matkhau1234', 'matkhaumoi', 'matkhaucuatoi', 'anhyeuem123', 'emyeuanh123', 'anhyeuem1',
  'vietnam123', 'vietnam1234', 'vietnam@123', 'hanoi12345', 'chuyendoiso', 'chuyendoiso123', 'chuyendoiso2025',
  'xaso123456', 'xaso@12345', 'khongcopass', 'khongbiet123', 'changeme123', 'welcome123', 'letmein123',
  // The demo accounts' password is printed by `npm start` and in the README: public, so never a real one.
  'xaso-demo-2025', 'xasodemo2025', 'xaso-demo', 'xaso-demo-2026',
])

// Words that stay guessable whatever digits or symbols are put around them ("matkhau2025!", "@admin2024").
const COMMON_STEMS = new Set([
  'password', 'passw0rd', 'p@ssw0rd', 'matkhau', 'admin', 'administrator', 'qwerty', 'iloveyou', 'anhyeuem', 'emyeuanh',
  'vietnam', 'hanoi', 'saigon', 'chuyendoiso', 'xaso', 'xasodemo', 'demo', 'welcome', 'changeme', 'letmein', 'abc',
  'abcd', 'abcdef', 'quantri', 'canbo', 'thamdinh', 'ubnd', 'ubndxa',
])

// Runs a person types without thinking: the alphabet, the digits, keyboard rows (forwards and backwards).
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv5tgb']

/** Nothing but a run, a short pattern repeated, or a common word with digits/symbols around it. */
function isPredictable(lower: string): boolean {
  const compact = lower.replace(/[\s._@#!-]/gu, '')
  if (compact.length === 0) return false
  if (new Set(compact).size <= 3) return true
  if (/^(.{1,4})\1+.{0,3}$/.test(compact)) return true
  if (RUNS.some((run) => run.includes(compact) || [...run].reverse().join('').includes(compact))) return true
  const stem = compact.replace(/^[\p{N}\p{P}\p{S}]+|[\p{N}\p{P}\p{S}]+$/gu, '')
  return stem.length === 0 || COMMON_STEMS.has(stem)
}

const issue = (vi: string, en: string, code: string): FieldIssue => fieldIssue('newPassword', code, vi, en)

/**
 * Every rule a new password breaks (empty = acceptable). Any letters are allowed, Vietnamese ones included:
 * length is counted in characters after NFC normalisation (what password.ts hashes), so "ệ" counts once
 * however the keyboard composed it.
 */
export function passwordProblems(password: string, username: string): FieldIssue[] {
  const normalized = password.normalize('NFC')
  const length = [...normalized].length
  const lower = normalized.toLowerCase()
  const problems: FieldIssue[] = []
  if (length < MIN_PASSWORD_LENGTH) {
    problems.push(
      issue(`Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự`, `The password must be at least ${MIN_PASSWORD_LENGTH} characters long`, 'too_short'),
    )
  }
  if (length > MAX_PASSWORD_LENGTH) {
    problems.push(issue(`Mật khẩu dài tối đa ${MAX_PASSWORD_LENGTH} ký tự`, `The password must be at most ${MAX_PASSWORD_LENGTH} characters long`, 'too_long'))
  }
  const name = username.normalize('NFC').toLowerCase()
  if (name && lower.includes(name)) {
    problems.push(issue('Mật khẩu không được chứa tên đăng nhập', 'The password must not be or contain the username', 'contains_username'))
  }
  if (COMMON.has(lower) || (length > 0 && isPredictable(lower))) {
    problems.push(issue('Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác', 'This password is too common and easy to guess; choose another', 'too_common'))
  }
  return problems
}

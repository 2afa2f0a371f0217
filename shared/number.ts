import { localized, type Localized } from './i18n'

/*
 * The one number parser of the product (the officer's boxes, the administrators' imports). Vietnamese first:
 * `.` or a space groups thousands ("1.500", "1 500"), `,` is the decimal mark ("1,5"). English is accepted only
 * where it cannot be read the Vietnamese way ("1,234,567", "1,234.5", "1.5"). A value that reads one way in
 * Vietnamese and another in English is never guessed into an integer field: it is refused with the two ways to
 * write what was probably meant ("1,500: dùng 1.500 hoặc 1500"). Nothing else is ever "corrected".
 */

export type NumberKind = { integer?: boolean; min?: number; max?: number }
export type Parsed = { ok: true; value: number } | { ok: false; reason: Localized }
export type ParsedField = Parsed | { ok: true; value: null }

// Longer than any number a person types into a form; bounds the regexes below (no input can make them slow).
const MAX_LENGTH = 40
const SPACES = /[\s\u00a0\u202f]/g

// Vietnamese: plain digits or groups of three after 1-3 leading digits, separated by "." or one space kind.
const VI_DOT = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/
const VI_SPACE = /^(\d{1,3}(?: \d{3})+)(?:,(\d+))?$/
// English: "," groups thousands, "." is the decimal mark.
const EN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/

const toNumber = (intPart: string, frac: string | undefined) => Number(`${intPart.replace(/[. ,]/g, '')}${frac ? `.${frac}` : ''}`)

function readVi(s: string): number | undefined {
  const m = VI_DOT.exec(s) ?? VI_SPACE.exec(s)
  return m ? toNumber(m[1]!, m[2]) : undefined
}

function readEn(s: string): number | undefined {
  const m = EN.exec(s)
  return m ? toNumber(m[1]!, m[2]) : undefined
}

const refuse = (vi: string, en: string): Parsed => ({ ok: false, reason: localized(vi, en) })

/**
 * Reads what a person typed. Empty text is the caller's business (see parseField); here it is refused.
 * Returns the number a Vietnamese reader would read, or a refusal with a reason in both languages.
 */
export function parseNumber(text: string, kind: NumberKind = {}): Parsed {
  const shown = text.trim()
  if (shown.length > MAX_LENGTH) return refuse(`Số quá dài (tối đa ${MAX_LENGTH} ký tự)`, `Number too long (at most ${MAX_LENGTH} characters)`)
  // One kind of space between groups: non-breaking and narrow spaces (pasted from Word, Excel) count as spaces.
  let s = shown.replace(SPACES, ' ')
  if (s === '') return refuse('Chưa nhập số', 'No number entered')
  const negative = s.startsWith('-') || s.startsWith('\u2212')
  if (negative) s = s.slice(1)
  if (!/^\d/.test(s) || !/\d$/.test(s))
    return refuse(`${shown}: không phải là số`, `${shown}: not a number`)
  const vi = readVi(s)
  const en = vi === undefined ? readEn(s) : undefined
  const read = vi ?? en
  if (read === undefined || !Number.isFinite(read)) return refuse(`${shown}: không phải là số`, `${shown}: not a number`)
  const value = negative ? -read : read
  if (kind.integer && !Number.isInteger(value)) {
    // "1,500" is 1,5 to a Vietnamese reader and 1500 to an English one: say both ways to write the likely intent.
    const english = readEn(s)
    if (english !== undefined && Number.isInteger(english)) {
      const plain = String(negative ? -english : english)
      return refuse(`${shown}: dùng ${formatNumber(Number(plain))} hoặc ${plain}`, `${shown}: write ${formatNumber(Number(plain))} or ${plain}`)
    }
    return refuse(`${shown}: chỉ nhập số nguyên (ví dụ 1.200)`, `${shown}: whole numbers only (for example 1.200)`)
  }
  if (kind.integer && !Number.isSafeInteger(value)) return refuse(`${shown}: số quá lớn`, `${shown}: number too large`)
  if (kind.min !== undefined && value < kind.min)
    return kind.min === 0
      ? refuse(`${shown}: không được là số âm`, `${shown}: must not be negative`)
      : refuse(`${shown}: phải từ ${formatNumber(kind.min)} trở lên`, `${shown}: must be at least ${formatNumber(kind.min)}`)
  if (kind.max !== undefined && value > kind.max)
    return refuse(`${shown}: phải nhỏ hơn hoặc bằng ${formatNumber(kind.max)}`, `${shown}: must be at most ${formatNumber(kind.max)}`)
  return { ok: true, value: Object.is(value, -0) ? 0 : value }
}

/** A form box: empty means "no value" (null); anything else goes through parseNumber. */
export function parseField(text: string, kind: NumberKind = {}): ParsedField {
  return text.replace(SPACES, '') === '' ? { ok: true, value: null } : parseNumber(text, kind)
}

/** The officer's whole numbers (counts, numerators, profile facts): integer, not negative. */
export const WHOLE: NumberKind = { integer: true, min: 0 }

/**
 * The display of a number everywhere (box, "/ 1.000 hộ", advice "960/1.200"): "." every three digits, "," before
 * decimals, no rounding beyond `maxFractionDigits`. Written out rather than Intl so the server, the browser and
 * every locale the phone runs in print the same text, which parseNumber reads back to the same number.
 */
export function formatNumber(n: number, maxFractionDigits = 20): string {
  // Whole numbers (counts, numerators, denominators: most of what advice and the pages print) are grouped by
  // slicing their digits, the same text as the general path below without its split and regex.
  if (Number.isSafeInteger(n)) return groupWhole(n)
  if (!Number.isFinite(n)) return String(n)
  const negative = n < 0
  let abs = Math.abs(n)
  if (maxFractionDigits < 20) abs = Number(abs.toFixed(maxFractionDigits))
  // Plain positional digits (no exponent) for every double we can be given.
  const text =
    abs >= 1e21 ? BigInt(abs).toString() : abs !== 0 && abs < 1e-6 ? abs.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : String(abs)
  const [intPart, frac] = text.split('.') as [string, string | undefined]
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.')
  return `${negative && abs !== 0 ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`
}

// "0".."999" and "000".."999", made on first use: whole numbers below 10^9 (every count, numerator and
// denominator a commune has) are printed from them, where String() of a number it has not printed lately is a
// call into the engine's runtime.
let small: string[] | undefined
let padded: string[] | undefined

function digitTables(): [string[], string[]] {
  if (!small || !padded) {
    small = Array.from({ length: 1000 }, (_, k) => String(k))
    padded = small.map((d) => d.padStart(3, '0'))
  }
  return [small, padded]
}

/** String(n), from the tables for a whole number below 10^9 (-0 prints as 0, as String() prints it). */
export function wholeText(n: number): string {
  const a = n < 0 ? -n : n
  if (!(a < 1e9) || !Number.isInteger(a)) return String(n)
  const [s, p] = digitTables()
  const lo = a % 1000
  const text = a < 1000 ? s[a]! : a < 1e6 ? s[(a - lo) / 1000]! + p[lo]! : s[Math.floor(a / 1e6)]! + p[Math.floor(a / 1000) % 1000]! + p[lo]!
  return n < 0 ? `-${text}` : text
}

/** A safe integer with "." every three digits (-0 prints as 0, as above). */
function groupWhole(n: number): string {
  const a = n < 0 ? -n : n
  if (a < 1e9) {
    const [s, p] = digitTables()
    const lo = a % 1000
    const text = a < 1000 ? s[a]! : a < 1e6 ? `${s[(a - lo) / 1000]!}.${p[lo]!}` : `${s[Math.floor(a / 1e6)]!}.${p[Math.floor(a / 1000) % 1000]!}.${p[lo]!}`
    return n < 0 ? `-${text}` : text
  }
  const digits = String(a)
  const len = digits.length
  const head = len % 3 || 3
  let out = n < 0 ? `-${digits.slice(0, head)}` : digits.slice(0, head)
  for (let k = head; k < len; k += 3) out += `.${digits.slice(k, k + 3)}`
  return out
}

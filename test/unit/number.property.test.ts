import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WHOLE, formatNumber, parseField, parseNumber, wholeText } from '../../shared/number'
import { formatNumber as formatBefore } from '../support/scoring-reference/number'

// How a Vietnamese reader writes a whole number: plain, "." every three digits, or a space every three digits.
const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep)
const whole = fc.maxSafeNat()
// Decimals as people type them: up to 6 places, below a trillion (a double holds them exactly enough to print back).
const decimal = fc
  .tuple(fc.integer({ min: 0, max: 999_999_999_999 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 6 }))
  .map(([i, f, places]) => Number(`${i}.${String(f).padStart(6, '0').slice(0, places)}`))

/** The number a Vietnamese reader sees in `s`, by a separate, simple reading: undefined when they would not read one. */
function viReading(s: string): number | undefined {
  const t = s.trim().replace(/[\s\u00a0\u202f]/g, ' ')
  const neg = t.startsWith('-')
  const body = neg ? t.slice(1) : t
  const [int, frac, ...rest] = body.split(',')
  if (rest.length || int === undefined || int === '' || frac === '') return undefined
  const groups = int.split(/[. ]/)
  const seps = new Set(int.replace(/\d/g, ''))
  if (seps.size > 1) return undefined
  if (groups.length > 1 && (!/^\d{1,3}$/.test(groups[0]!) || groups.slice(1).some((g) => !/^\d{3}$/.test(g)))) return undefined
  if (!groups.every((g) => /^\d+$/.test(g)) || (frac !== undefined && !/^\d+$/.test(frac))) return undefined
  const n = Number(`${groups.join('')}${frac !== undefined ? `.${frac}` : ''}`)
  return neg ? -n : n
}

describe('shared/number: the one number parser', () => {
  it('reads every way a Vietnamese reader writes a whole number', () => {
    fc.assert(
      fc.property(whole, fc.constantFrom('', '.', ' ', '\u00a0', '\u202f'), (n, sep) => {
        const text = sep === '' ? String(n) : group(String(n), sep)
        expect(parseNumber(text, WHOLE)).toEqual({ ok: true, value: n })
      }),
    )
  })

  it('for every string: returns the Vietnamese reading, an unambiguous English one, or refuses with a reason', () => {
    const chars = fc.constantFrom(...'0123456789.,  -x\u00a0'.split(''))
    const text = fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 16 }))
    fc.assert(
      fc.property(text, fc.boolean(), (s, integer) => {
        const r = parseNumber(s, integer ? { integer: true } : {})
        const vi = viReading(s)
        if (r.ok) {
          expect(Number.isFinite(r.value)).toBe(true)
          // Whatever Vietnamese reads is what is returned; anything else was English and not readable in Vietnamese.
          if (vi !== undefined) expect(r.value).toBe(vi === 0 ? 0 : vi)
          if (integer) expect(Number.isInteger(r.value)).toBe(true)
        } else {
          expect(r.reason.vi.length).toBeGreaterThan(0)
          expect(r.reason.en.length).toBeGreaterThan(0)
          // Refused only when there is no Vietnamese reading, or it is not a whole number in a whole-number field.
          if (vi !== undefined && s.trim().length <= 40) expect(integer && !Number.isInteger(vi)).toBe(true)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('formatting then parsing returns the same number', () => {
    fc.assert(
      fc.property(fc.oneof(whole, decimal), fc.boolean(), (n, neg) => {
        const v = neg && n !== 0 ? -n : n
        expect(parseNumber(formatNumber(v))).toEqual({ ok: true, value: v })
        if (Number.isInteger(v) && v >= 0) expect(parseNumber(formatNumber(v), WHOLE)).toEqual({ ok: true, value: v })
      }),
    )
  })

  it('prints every number as the code of before issue 8 did (whole numbers now have a path of their own)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.double({ min: -1e7, max: 1e7 }), fc.constantFrom(0, -0, 999, 1000, -1000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, 1e21, 1e-7)),
        fc.constantFrom(20, 2, 0),
        (n, digits) => {
          expect(formatNumber(n, digits)).toBe(formatBefore(n, digits))
          expect(wholeText(n)).toBe(String(n))
        },
      ),
      { numRuns: 5_000 },
    )
    expect(formatNumber(-1_234_567)).toBe('-1.234.567')
    expect(formatNumber(-0)).toBe('0')
    for (const n of [0, -0, 7, 999, 1000, 1001, 999_999, 1_000_000, 1_000_001, 999_999_999, 1e9, -5, -1_000_000, 0.5, NaN]) {
      expect(wholeText(n)).toBe(String(n))
      expect(formatNumber(n)).toBe(formatBefore(n))
    }
  })

  it('never turns an ambiguous or decimal value into a whole number, and says why', () => {
    expect(parseNumber('1,500', WHOLE)).toEqual({ ok: false, reason: { vi: '1,500: dùng 1.500 hoặc 1500', en: '1,500: write 1.500 or 1500' } })
    expect(parseNumber('1,5', WHOLE).ok).toBe(false)
    expect(parseNumber('1.5', WHOLE).ok).toBe(false)
    expect(parseNumber('-3', WHOLE).ok).toBe(false)
    expect(parseNumber('12abc', WHOLE).ok).toBe(false)
    // English where it cannot be read the Vietnamese way.
    expect(parseNumber('1,234,567', WHOLE)).toEqual({ ok: true, value: 1234567 })
    expect(parseNumber('1,234.5')).toEqual({ ok: true, value: 1234.5 })
    expect(parseNumber('1.5')).toEqual({ ok: true, value: 1.5 })
    // Vietnamese first.
    expect(parseNumber('1.500')).toEqual({ ok: true, value: 1500 })
    expect(parseNumber('1,500')).toEqual({ ok: true, value: 1.5 })
    expect(parseNumber('1.234,5')).toEqual({ ok: true, value: 1234.5 })
    expect(parseField('  ', WHOLE)).toEqual({ ok: true, value: null })
    expect(formatNumber(1200)).toBe('1.200')
    expect(formatNumber(1234.5)).toBe('1.234,5')
    expect(formatNumber(2 / 3, 2)).toBe('0,67')
  })

  it('answers long input at once (bounded)', () => {
    const started = performance.now()
    for (let i = 0; i < 100; i++) parseNumber(`${'1.'.repeat(10_000)}x`, WHOLE)
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})

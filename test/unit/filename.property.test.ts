// Fuzzing evidence file names: whatever a phone or a hostile client sends, the stored name has no bidi controls,
// no path, no control characters, and is never longer than the limit; clean names pass unchanged.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EVIDENCE_FILENAME_MAX, sanitizeFilename, withoutBidiControls } from '../../shared/evidence'

const BIDI = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']
const BIDI_RE = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
const piece = fc.oneof(
  fc.constantFrom(...BIDI),
  fc.constantFrom('ảnh', 'Quyết định', '.jpg', '.pdf', 'exe', 'gpj', '/', '\\', '..', ' ', '\u0000', '\t', 'C:', 'đ', 'e\u0301'),
  fc.string({ maxLength: 8 }),
)
const hostileName = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''))

describe('sanitizeFilename under fuzzing (bidi names)', () => {
  it('never keeps a bidi control, a path separator or a control character, and stays within the limit', () => {
    fc.assert(
      fc.property(hostileName, (raw) => {
        const name = sanitizeFilename(raw)
        expect(name).not.toMatch(BIDI_RE)
        expect(name).not.toMatch(/[/\\\u0000-\u001f]/)
        expect(Array.from(name).length).toBeLessThanOrEqual(EVIDENCE_FILENAME_MAX)
        // Idempotent: cleaning a clean name changes nothing (what is stored is what is shown).
        expect(sanitizeFilename(name)).toBe(name)
      }),
      { numRuns: 2000 },
    )
  })

  it('removes the controls without reordering: "hoá-đơn\\u202Efdp.exe" is stored as the .exe it is', () => {
    expect(sanitizeFilename('hoá-đơn\u202Efdp.exe')).toBe('hoá-đơnfdp.exe')
    expect(sanitizeFilename('\u2067ảnh\u2069.jpg')).toBe('ảnh.jpg')
    expect(withoutBidiControls('a\u200fb\u061cc')).toBe('abc')
  })
})

// The browser's file hash off a secure context (plain-http LAN): @noble/hashes, fed in slices. Node has no
// isSecureContext, so this runs exactly that path; it must agree with node:crypto on every size around a slice.
import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../web/src/evidence/sha256'

describe('sha256Hex without crypto.subtle', () => {
  it('matches node:crypto for empty, small and multi-slice files', async () => {
    expect((globalThis as { isSecureContext?: boolean }).isSecureContext).toBeUndefined()
    for (const size of [0, 1, 1000, 1024 * 1024 - 1, 1024 * 1024, 2 * 1024 * 1024 + 7]) {
      const bytes = randomBytes(size)
      expect(await sha256Hex(new Blob([bytes])), String(size)).toBe(createHash('sha256').update(bytes).digest('hex'))
    }
  })
})

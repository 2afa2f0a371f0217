import { describe, expect, it } from 'vitest'
import { issueToken, readToken } from '../../functions/src/auth/token'

// readToken remembers good signatures per secret (issue 8: WebCrypto's verify on every autosave). What it must
// never remember: a token under another secret, a tampered token, an expiry.
const A = { secret: 'secret-A-0123456789abcdef0123456789abcdef', ttlSeconds: 3600, now: () => new Date(Date.UTC(2030, 0, 1)) }
const B = { ...A, secret: 'secret-B-0123456789abcdef0123456789abcdef' }
const who = { id: 'u-1', username: 'canbo.sontan', role: 'officer' as const, orgUnitId: 'c-son-tan' }

describe('readToken with its verified-signature memory', () => {
  it('a token read once under secret A is still refused under secret B', async () => {
    const { token } = await issueToken(who, A)
    expect(await readToken(token, A)).toMatchObject({ id: 'u-1', role: 'officer' })
    expect(await readToken(token, A)).toMatchObject({ id: 'u-1' })
    expect(await readToken(token, B)).toBeUndefined()
  })

  it('a remembered token with one character of its signature changed is refused', async () => {
    const { token } = await issueToken(who, A)
    expect(await readToken(token, A)).toBeDefined()
    const last = token.at(-2) === 'A' ? 'B' : 'A'
    expect(await readToken(`${token.slice(0, -2)}${last}${token.at(-1)}`, A)).toBeUndefined()
  })

  it('expiry is checked on every read against the clock, not remembered with the signature', async () => {
    let now = A.now()
    const clock = { ...A, now: () => now }
    const { token } = await issueToken(who, clock)
    expect(await readToken(token, clock)).toBeDefined()
    now = new Date(now.getTime() + 3601 * 1000)
    expect(await readToken(token, clock)).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../functions/src/auth/password'

describe('password hashing', () => {
  it('verifies the right password and rejects others', async () => {
    const hash = await hashPassword('xaso-demo-2025')
    expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/)
    expect(await verifyPassword('xaso-demo-2025', hash)).toBe(true)
    expect(await verifyPassword('xaso-demo-2026', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
  })

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')])
    expect(a).not.toBe(b)
    expect(await verifyPassword('same', b)).toBe(true)
  })

  it('treats composed and decomposed Vietnamese text as the same password', async () => {
    const composed = 'mật khẩu Quảng Ngãi'.normalize('NFC')
    const hash = await hashPassword(composed)
    expect(await verifyPassword(composed.normalize('NFD'), hash)).toBe(true)
  })

  it('rejects malformed or hostile stored hashes without throwing', async () => {
    const good = await hashPassword('x')
    const [, , r, p, salt, key] = good.split('$')
    for (const bad of [
      '',
      'plain-text-password',
      `bcrypt$16384$${r}$${p}$${salt}$${key}`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`, // would need gigabytes
      `scrypt$16384$${r}$${p}$$${key}`,
      `scrypt$16384$${r}$${p}$${salt}$AAAA`,
    ]) {
      expect(await verifyPassword('x', bad), bad).toBe(false)
    }
  })
})

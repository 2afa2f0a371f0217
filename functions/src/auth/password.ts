import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// Encoded as `scrypt$N$r$p$salt$hash` (base64url) so the cost can be raised later
// without invalidating hashes already stored in DynamoDB.
const N = 16384
const R = 8
const P = 1
const KEY_LENGTH = 32
const SALT_LENGTH = 16
// Bounds applied to parameters read back from a stored hash, so a corrupted or
// hostile record cannot make verification allocate unbounded memory or CPU.
const MAX_N = 1 << 20
const MAX_RP = 64

function derive(plain: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

function memoryFor(n: number, r: number, p: number): number {
  // node rejects params whose working set exceeds maxmem (32 MiB default); give headroom.
  return 128 * n * r * p + 128 * r * 2 + 1024 * 1024
}

export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(plain, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: memoryFor(N, R, P) })
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/**
 * For generated one-time passwords only (≥ 80 random bits, see one-time.ts): one salted SHA-256.
 * Key stretching exists to protect guessable human passwords; an 80-bit random secret cannot be brute-forced
 * either way, and scrypt for each of 10,000 imported accounts would take minutes. Encoded `otp-sha256$salt$hash`;
 * the user must replace it (scrypt) at first login.
 */
export function hashOneTimePassword(plain: string): string {
  const salt = randomBytes(SALT_LENGTH)
  return ['otp-sha256', salt.toString('base64url'), sha256(salt, plain).toString('base64url')].join('$')
}

export const isOneTimeHash = (encoded: string) => encoded.startsWith('otp-sha256$')

const sha256 = (salt: Buffer, plain: string) => createHash('sha256').update(salt).update(plain.normalize('NFC'), 'utf8').digest()

export async function verifyPassword(plain: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$')
  if (parts.length === 3 && parts[0] === 'otp-sha256') {
    const salt = Buffer.from(parts[1] ?? '', 'base64url')
    const expected = Buffer.from(parts[2] ?? '', 'base64url')
    if (salt.length === 0 || expected.length !== 32) return false
    return timingSafeEqual(sha256(salt, plain), expected)
  }
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const n = Number(parts[1])
  const r = Number(parts[2])
  const p = Number(parts[3])
  if (!Number.isInteger(n) || n < 2 || n > MAX_N || (n & (n - 1)) !== 0) return false
  if (!Number.isInteger(r) || r < 1 || r > MAX_RP || !Number.isInteger(p) || p < 1 || p > MAX_RP) return false
  const salt = Buffer.from(parts[4] ?? '', 'base64url')
  const expected = Buffer.from(parts[5] ?? '', 'base64url')
  if (salt.length === 0 || expected.length < 16) return false
  const actual = await derive(plain, salt, expected.length, { N: n, r, p, maxmem: memoryFor(n, r, p) })
  return timingSafeEqual(actual, expected)
}

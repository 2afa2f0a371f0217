import { createHash, randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'

/*
 * The device cookie: a random id set at a successful login, HttpOnly and only sent to /api/auth. The server
 * remembers (device, username) pairs (storage/login-attempts.ts, with a TTL), so a username locked by someone
 * else's wrong-password storm still lets its owner in from a phone or office PC they logged in with before
 * (auth/lockout.ts). The id is a bearer value: only its SHA-256 is stored.
 */
export const DEVICE_COOKIE = 'xaso_device'
export const DEVICE_TTL_MS = 365 * 24 * 60 * 60 * 1000
const DEVICE_ID = /^[A-Za-z0-9_-]{22,64}$/

export const deviceHash = (deviceId: string) => createHash('sha256').update(deviceId).digest('base64url')

/** The caller's device id, if it sent a well-formed one. */
export function readDeviceId(c: Context): string | undefined {
  const value = getCookie(c, DEVICE_COOKIE)
  return value && DEVICE_ID.test(value) ? value : undefined
}

/**
 * Cookies are Secure except on plain-http loopback (`npm start` on http://localhost), where a Secure cookie would
 * never come back. Everything deployed is https.
 */
export function secureCookies(c: Context): boolean {
  // Secure on every HTTPS request (a deployment always is: hono/aws-lambda builds https:// URLs). On plain http —
  // localhost, or `HOST=0.0.0.0 npm start` tried from a phone on the LAN — a browser refuses to store a Secure
  // cookie at all, so the officer could never log in there.
  return new URL(c.req.url).protocol === 'https:'
}

/** Keeps the caller's device id, or gives it one; renews the cookie's lifetime either way. */
export function issueDeviceId(c: Context): string {
  const id = readDeviceId(c) ?? randomBytes(16).toString('base64url')
  setCookie(c, DEVICE_COOKIE, id, {
    path: '/api/auth',
    httpOnly: true,
    secure: secureCookies(c),
    sameSite: 'Strict',
    maxAge: Math.floor(DEVICE_TTL_MS / 1000),
  })
  return id
}

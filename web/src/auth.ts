import { createSignal } from 'solid-js'
import type { LoginResult } from './api/client'

// The session lives in localStorage so that a reload (or a phone killing the tab) keeps the officer
// logged in; the server's token expiry bounds it. The login token itself is not kept: the server set it as an
// HttpOnly cookie (functions/src/auth/session.ts) that page script never sees. In its place the session keeps
// a marker, unique per login (screens reload when it changes).
const STORAGE_KEY = 'xaso:session'
const COOKIE_MARKER = 'cookie:'
export type Session = LoginResult

function load(): Session | undefined {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    return raw ? (JSON.parse(raw) as Session) : undefined
  } catch {
    return undefined
  }
}

const [session, setSessionSignal] = createSignal<Session | undefined>(load())
export { session }

export function setSession(login: Session | undefined) {
  const next = login && { ...login, token: `${COOKIE_MARKER}${Date.now()}` }
  setSessionSignal(next)
  try {
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
    else localStorage.removeItem(STORAGE_KEY)
  } catch {
    /* kept in memory only */
  }
}

/** A bearer token to send, only from a session stored before cookies (the cookie needs no header). */
export const token = () => {
  const tk = session()?.token
  return tk && !tk.startsWith(COOKIE_MARKER) ? tk : undefined
}

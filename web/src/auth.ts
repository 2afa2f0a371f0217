import { createSignal } from 'solid-js'
import type { LoginResult } from './api/client'

// The session lives in localStorage so that a reload (or a phone killing the tab) keeps the officer
// logged in; the server's token expiry bounds it.
const STORAGE_KEY = 'xaso:session'
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

export function setSession(next: Session | undefined) {
  setSessionSignal(next)
  try {
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
    else localStorage.removeItem(STORAGE_KEY)
  } catch {
    /* kept in memory only */
  }
}

export const token = () => session()?.token

// expect.poll with a timeout from test/support/timing.ts: `poll(fn)` waits TIMEOUTS.poll, `poll(fn, 60_000)`
// waits 60 s on an idle machine, scaled like every other wait.
import { expect } from 'vitest'
import { scaled, TIMEOUTS } from './timing'

export const poll = <T>(fn: () => T | Promise<T>, timeout?: number) => expect.poll(fn, { timeout: timeout === undefined ? TIMEOUTS.poll : scaled(timeout) })

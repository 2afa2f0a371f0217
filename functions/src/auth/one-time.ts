import { randomInt } from 'node:crypto'

// 31 symbols (no i/l/o/0/1, which are misread on paper and phone screens; lower case only, so no Shift on a
// phone) → 4.95 bits each; 16 symbols ≈ 79 bits, enough that the fast hash in password.ts
// (hashOneTimePassword) is safe. randomInt draws without modulo bias.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const GROUPS = 4
const GROUP_LENGTH = 4

/** e.g. `k7mq-2xhp-9frt-bc3d`: shown to the administrator once, typed by the user once. */
export function generateOneTimePassword(): string {
  const groups: string[] = []
  for (let g = 0; g < GROUPS; g++) {
    let group = ''
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)]
    groups.push(group)
  }
  return groups.join('-')
}

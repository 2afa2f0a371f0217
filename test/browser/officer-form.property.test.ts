// Issue 9: a property over the officer's form in a real browser (360×740). Any sequence of typing, clearing,
// retyping and typos across boxes, online and offline, ends with the server holding exactly what the screen
// shows. A modest number of runs: each step is a real keystroke sequence in Chromium.
import fc from 'fast-check'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalServer } from '../../functions/src/local/server'
import { WHOLE, parseField } from '../../shared/number'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { goOffline, goOnline } from '../support/offline'
import { PHONE, YEAR, byId, communeOf, login, poll, readBack, saveStatus } from '../support/officer-page'
import { demoRubric } from '../../functions/src/seed/demo-years'
import { typedFactAfter } from '../support/demo-form'
import { scaled } from '../support/timing'

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('officer-form-property'))
})
afterAll(() => closeBrowserApp({ server, browser }))

// A profile fact the officer types: the villages, or the officials where the round's rubric computes the villages.
const FACT = typedFactAfter(demoRubric(YEAR))
// Boxes with no rule between them except B1's numerator ≤ its denominator, kept by the ranges below; the fact is a
// denominator without mayBeZero, so 0 is refused (shown as a reason, held), hence from 1.
const BOXES: Record<string, readonly [number, number]> = { [`pf-${FACT}`]: [1, 99], 'in-A1.2': [0, 5000], 'in-B1': [0, 30], 'den-B1': [30, 60] }
type Box = string
const box = fc.constantFrom(...(Object.keys(BOXES) as Box[]))

type Step =
  | { kind: 'type'; box: Box; n: number; grouped: boolean }
  | { kind: 'clear'; box: Box }
  | { kind: 'typo'; box: Box; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'offline' }
  | { kind: 'online' }

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(box, fc.nat(), fc.boolean()).map(([b, r, grouped]) => ({ kind: 'type' as const, box: b, n: BOXES[b]![0] + (r % (BOXES[b]![1] - BOXES[b]![0] + 1)), grouped })) },
  { weight: 2, arbitrary: box.map((b) => ({ kind: 'clear' as const, box: b })) },
  { weight: 1, arbitrary: fc.tuple(box, fc.constantFrom('1,500', '2,5', '12a', '1.5')).map(([b, text]) => ({ kind: 'typo' as const, box: b, text })) },
  { weight: 1, arbitrary: fc.constantFrom('', 'Số liệu quý 3', 'Theo sổ theo dõi').map((text) => ({ kind: 'note' as const, text })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'offline' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'online' as const }) },
)

async function openNote(page: Page) {
  await page.evaluate(`document.querySelector('[id="note-A1.2"]').closest('details').open = true`)
}

async function run(context: BrowserContext, page: Page, s: Step, offline: { now: boolean }) {
  switch (s.kind) {
    case 'type':
      return byId(page, s.box).fill(s.grouped ? s.n.toLocaleString('de-DE') : String(s.n))
    case 'clear':
      return byId(page, s.box).fill('')
    case 'typo':
      return byId(page, s.box).pressSequentially(s.text)
    case 'note':
      await openNote(page)
      return byId(page, 'note-A1.2').fill(s.text)
    case 'offline':
      if (!offline.now) await goOffline(context)
      offline.now = true
      return
    case 'online':
      if (offline.now) await goOnline(context)
      offline.now = false
  }
}

const shown = async (page: Page, id: Box) => {
  const r = parseField(await byId(page, id).inputValue(), WHOLE)
  if (!r.ok) throw new Error(`${id} still shows a reason`)
  return r.value
}

describe('the officer’s form: the server ends holding what the screen shows', () => {
  it('for any sequence of edits, online and offline', { timeout: scaled(900_000) }, async () => {
    const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' })
    const page = await context.newPage()
    await login(page, server.url, 'canbo.sontan')
    const communeId = communeOf(page)

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const offline = { now: false }
        for (const s of steps) await run(context, page, s, offline)
        // The officer fixes what the screen says is wrong: a box with a reason is emptied, and so is a box the
        // form marks invalid (a typo typed before a number can read as a larger whole number: '1.5' before '10' is
        // '1.510', 1,510, above B1's denominator); a numerator gets its denominator. Then the network comes back.
        for (const id of Object.keys(BOXES) as Box[])
          if (!parseField(await byId(page, id).inputValue(), WHOLE).ok) await byId(page, id).fill('')
        for (const id of Object.keys(BOXES) as Box[])
          if ((await byId(page, id).getAttribute('aria-invalid')) === 'true') await byId(page, id).fill('')
        if ((await shown(page, 'in-B1')) !== null && (await shown(page, 'den-B1')) === null) await byId(page, 'den-B1').fill('60')
        if (offline.now) await goOnline(context)
        await poll(() => saveStatus(page), 60_000).toBe('Đã lưu')

        const stored = await readBack(server.url, 'canbo.sontan', communeId)
        const a12 = stored.answers['A1.2'] ?? {}
        const b1 = stored.answers['B1'] ?? {}
        expect(stored.profile[FACT] ?? null).toBe(await shown(page, `pf-${FACT}`))
        expect(a12['count'] ?? null).toBe(await shown(page, 'in-A1.2'))
        expect(a12['note'] ?? '').toBe(await byId(page, 'note-A1.2').inputValue())
        expect(b1['numerator'] ?? null).toBe(await shown(page, 'in-B1'))
        expect(b1['denominator'] ?? null).toBe(await shown(page, 'den-B1'))
      }),
      { numRuns: 10, endOnFailure: true },
    )
    await context.close()
  })
})

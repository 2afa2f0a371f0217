import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { TIMEOUTS } from './timing'

/** Debian's Chromium: Playwright cannot download its own browser on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Every context and page of the returned browser waits TIMEOUTS.action for an element (Playwright's fixed
 * default is 30 s): Playwright has no browser-wide setting, so newContext is wrapped here (newPage goes
 * through it).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (.ci/run does)`)
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  })
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (options) => {
    const context = await newContext(options)
    context.setDefaultTimeout(TIMEOUTS.action)
    context.setDefaultNavigationTimeout(TIMEOUTS.action)
    return context
  }
  return browser
}

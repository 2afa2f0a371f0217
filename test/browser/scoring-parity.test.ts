import { build } from 'esbuild'
import fc from 'fast-check'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultRubric2025 } from '../../shared/rubric/default'
import { scoreAssessment } from '../../shared/scoring'
import { launchChromium } from '../support/chromium'
import { assessmentArb } from '../unit/arbitraries'

/*
 * The officer's page scores in the browser and the API scores on the server; a commune must never see one
 * total on screen and another in the province's list. This bundles shared/ for the browser exactly as code
 * (not data) and compares the results of both engines on the same random assessments.
 */
describe('scoring is identical in the browser bundle and on the server', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('gives deep-equal scores for 300 random assessments', async () => {
    const bundle = await build({
      stdin: {
        contents: `export { scoreAssessment } from './shared/scoring'; export { defaultRubric2025 } from './shared/rubric/default'`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      globalName: 'XaSo',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      write: false,
    })
    const docs = fc.sample(assessmentArb(defaultRubric2025), { numRuns: 300, seed: 2025 })
    const page = await browser.newPage()
    await page.setContent('<!doctype html><title>parity</title>')
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text })
    const inBrowser = await page.evaluate(
      (input) => input.map((d) => (globalThis as any).XaSo.scoreAssessment((globalThis as any).XaSo.defaultRubric2025, d)),
      docs,
    )
    const onServer = docs.map((d) => scoreAssessment(defaultRubric2025, d))
    expect(inBrowser).toHaveLength(300)
    expect(inBrowser).toEqual(JSON.parse(JSON.stringify(onServer)))
    expect(new Set(onServer.map((s) => s.total)).size).toBeGreaterThan(50)
  })
})

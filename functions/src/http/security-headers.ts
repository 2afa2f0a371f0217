/*
 * The browser-hardening headers, one definition for both places that serve the app: the local server
 * (functions/src/local/server.ts, every response) and the deployed CloudFront (stacks/router.ts turns
 * `edgeResponseInjection` into its viewer-response function). Pure strings: the stacks import this file too.
 */

export type SecurityHeaderOptions = {
  /** Strict-Transport-Security: only where the site is https-only (the deployment), never on http://localhost. */
  hsts: boolean
  /** Extra origins the page may fetch from and show images of: the evidence bucket's presigned URLs, deployed. */
  fileOrigins?: string[]
}

/**
 * No inline script anywhere (web/index.html and the built output load every script from a file; the service
 * worker is registered from the bundle), so script-src is 'self' alone; nothing may frame the app.
 */
export function contentSecurityPolicy(fileOrigins: string[] = []): string {
  const files = fileOrigins.length ? ` ${fileOrigins.join(' ')}` : ''
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Inline `style` attributes only come from Solid's style={{…}} bindings, which set properties through the
    // CSSOM (not governed by CSP); no <style> or style="" markup is shipped.
    "style-src 'self'",
    // data: for the empty favicon in index.html; blob: for photo thumbnails made in the browser before upload.
    `img-src 'self' data: blob:${files}`,
    `connect-src 'self'${files}`,
    "font-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options.fileOrigins),
    // For browsers that predate frame-ancestors.
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // Page paths name communes and years; they stay on our origin (and out of S3's logs).
    'Referrer-Policy': 'same-origin',
    // Evidence photos come from the camera; nothing else needs a device feature.
    'Permissions-Policy': 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), serial=(), bluetooth=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(options.hsts ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  }
}

/**
 * Files that must be revalidated on every load: the service worker and the manifest decide which version of the
 * app every officer's phone runs, so a year-long cache would freeze them on their first version.
 * (Vite's assets/ are fingerprinted and may be immutable; index.html is no-cache too.)
 */
export const REVALIDATED_FILES = ['sw.js', 'manifest.webmanifest'] as const
export const REVALIDATE = 'no-cache'

export const isRevalidatedPath = (path: string) => REVALIDATED_FILES.some((f) => path === `/${f}`)

/**
 * The body of CloudFront's viewer-response function (cloudfront-js-2.0): sets every header above, and no-cache on
 * the service worker and the manifest whatever the origin said.
 */
export function edgeResponseInjection(options: SecurityHeaderOptions): string {
  const set = Object.entries(securityHeaders(options)).map(
    ([name, value]) => `event.response.headers[${JSON.stringify(name.toLowerCase())}] = { value: ${JSON.stringify(value)} };`,
  )
  // By suffix: the router's viewer-request function may have prefixed the site's path in its bucket.
  const files = REVALIDATED_FILES.map((f) => f.replace(/\./g, '\\.')).join('|')
  return [
    ...set,
    `if (/\\/(${files})$/.test(event.request.uri)) event.response.headers["cache-control"] = { value: ${JSON.stringify(REVALIDATE)} };`,
  ].join('\n')
}

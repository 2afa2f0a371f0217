import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import solid from 'vite-plugin-solid'

// `npm run build` runs `vite build web`, so the root is web/ and the output web/dist, which the local
// server and the static site both serve. Code from ../shared is bundled from source (pure, browser-safe).
export default defineConfig({
  plugins: [
    solid(),
    // Installable, offline after one visit (issue 5): the app shell is precached; the officer's API reads are
    // NetworkFirst with a short timeout so 3G gets the cached copy quickly. Unsent edits are not here but in
    // IndexedDB (web/src/offline), which survives a cleared HTTP cache.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      // Registered by web/src/offline/register-sw.ts after the page is interactive: nothing on the first-load path.
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icon.svg'],
      // The install icons are fetched by the browser when it installs the app; an officer's offline form never needs them.
      includeManifestIcons: false,
      manifest: {
        name: 'Xã Số — Tự đánh giá chuyển đổi số',
        short_name: 'Xã Số',
        description: 'Tự đánh giá mức độ chuyển đổi số của xã, dùng được cả khi không có mạng.',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f4f6f8',
        theme_color: '#0b5d3b',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Only what an officer's form needs offline (issue 9): the shell (index.html, the entry chunk and what it
        // imports, the CSS) and the evidence chunk. Reviewer, admin and dashboard chunks (the dashboard's chart
        // library alone is ~200 KB) are never precached: a reviewer's device caches them when it opens them
        // (assets rule below). The officer's page also re-fetches every chunk it already loaded through the
        // worker once it takes control (offline/register-sw.ts): served from the HTTP cache, no network bytes.
        // Which chunks the first load has is Rollup's choice (shared chunks such as the router or zod appear and
        // split as pages are added), so the list is read from the built index.html rather than kept by name here;
        // test/browser/offline-first.test.ts checks that everything index.html references is precached.
        globPatterns: ['index.html', 'assets/*.js', 'assets/*.css'],
        manifestTransforms: [
          (entries) => {
            const firstLoad = firstLoadAssets()
            const keep = (url: string) => !url.endsWith('.js') || firstLoad.has(url) || /^assets\/evidence-list-/.test(url)
            return { manifest: entries.filter((e) => keep(e.url)), warnings: [] }
          },
        ],
        // One request fewer on the first visit: the workbox runtime is inside sw.js.
        inlineWorkboxRuntime: true,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // Fingerprinted chunks never change: whatever a page loaded is kept for offline use.
            urlPattern: ({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'xaso-assets', expiration: { maxEntries: 80 }, cacheableResponse: { statuses: [200] } },
          },
          {
            // Functions are copied into the service worker as source: no closures. Matched by path so a
            // cross-origin API (VITE_API_URL) is cached too.
            urlPattern: ({ url, request }) => request.method === 'GET' && /^\/api\/(me|years|rubrics\/\d+)$/.test(url.pathname),
            handler: 'NetworkFirst',
            options: { cacheName: 'xaso-api', networkTimeoutSeconds: 4, cacheableResponse: { statuses: [200] } },
          },
          {
            urlPattern: ({ url, request }) =>
              request.method === 'GET' && /^\/api\/communes\/[^/]+\/assessments\/\d+(\/evidence)?$/.test(url.pathname),
            handler: 'NetworkFirst',
            options: { cacheName: 'xaso-api', networkTimeoutSeconds: 6, cacheableResponse: { statuses: [200] } },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Weak 3G: one JS and one CSS file beat several round trips.
    cssCodeSplit: false,
    rollupOptions: {
      output: {
        // Zod must be told "no eval" (the CSP forbids it) before any schema is built: zod and that setting
        // (src/zod-jitless.ts) share a chunk, which every chunk that builds schemas loads first.
        manualChunks: (id) => (/[\\/]node_modules[\\/]zod[\\/]|[\\/]src[\\/]zod-jitless\.ts$/.test(id) ? 'zod' : undefined),
      },
    },
  },
  server: {
    // `npm run dev:web` against a local API started with `npm start`.
    proxy: { '/api': 'http://localhost:3000' },
  },
})

/** The scripts the built index.html loads (its module entry and modulepreloads), as precache URLs ("assets/…"). */
function firstLoadAssets(): Set<string> {
  const html = readFileSync(fileURLToPath(new URL('./dist/index.html', import.meta.url)), 'utf8')
  return new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!))
}

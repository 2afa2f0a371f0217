import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'

// `npm run build` runs `vite build web`, so the root is web/ and the output web/dist, which the local
// server and the static site both serve. Code from ../shared is bundled from source (pure, browser-safe).
export default defineConfig({
  plugins: [solid()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Weak 3G: one JS and one CSS file beat several round trips.
    cssCodeSplit: false,
  },
  server: {
    // `npm run dev:web` against a local API started with `npm start`.
    proxy: { '/api': 'http://localhost:3000' },
  },
})

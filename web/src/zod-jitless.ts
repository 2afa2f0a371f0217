import { z } from 'zod'

// The app's CSP allows no eval (functions/src/http/security-headers.ts). Zod 4 would probe `new Function` to
// compile faster validators, which the browser reports as a CSP violation; its interpreted mode needs none.
// Imported first by main.tsx, before any schema runs.
z.config({ jitless: true })

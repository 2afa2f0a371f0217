import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { jsonContentLength } from './content-length'
import { newRouter, type AppEnv } from './env'
import { notFound, onError } from './errors'

// Hono has no lazily loaded sub-app: `app.route()` copies a router's routes in when it is called, and the
// router cannot take new routes once it has matched a request. So the routers off the officer's hot path
// (app-routes.ts lazyRoutes: administration, the review desk, exports, dashboard, …) are not imported by the
// Lambda's entry: one catch-all route, registered after every eagerly loaded route, imports them on the first
// request that reaches it and hands the request to an app of their own (issue 8: the cold start is code size).
//
// Everything that the parent app does around a route still happens, once: compress, Content-Length, ETag and
// the body limit are middleware of the parent and run before and after this handler. Authentication decides by
// the route a request matched (auth/middleware.ts), which the parent only knows as this catch-all, so the
// lazy app runs the same gate itself, at the same point (after the parent's other middleware, before the
// route). Variables the parent's middleware set are handed over; errors become responses through the same
// onError. A request the lazy app has no route for falls through (`next()`) to the parent's own notFound, so
// the answer to an unknown path is the same as before.

const BRIDGE = Symbol('lazy-routes')
type Bridge = { vars: Partial<AppEnv['Variables']>; missed: boolean }
type BridgedEnv = { Bindings: { [BRIDGE]?: Bridge }; Variables: AppEnv['Variables'] }

/**
 * The app the lazily loaded routers are mounted on (at '/api', as the parent mounts its own), behind `guard`:
 * the parent's authentication middleware.
 */
export function lazyApp(mount: (app: OpenAPIHono<AppEnv>) => void, guard: MiddlewareHandler<AppEnv>): OpenAPIHono<AppEnv> {
  const app = newRouter()
  const bridged = app as unknown as OpenAPIHono<BridgedEnv>
  bridged.onError(onError)
  bridged.notFound((c) => {
    const bridge = c.env?.[BRIDGE]
    if (!bridge) return notFound(c)
    bridge.missed = true
    return c.body(null, 404)
  })
  bridged.use('*', async (c, next) => {
    const vars = c.env?.[BRIDGE]?.vars ?? {}
    for (const key of Object.keys(vars) as (keyof AppEnv['Variables'])[]) c.set(key, vars[key]!)
    await next()
  })
  // c.json here is this app's: its answers get their Content-Length the same way (content-length.ts), so the
  // parent's compress() still leaves a small JSON answer alone.
  app.use('*', jsonContentLength())
  app.use('/api/*', guard)
  mount(app)
  return app
}

/**
 * The catch-all handler: loads the lazy app once (a failed load is retried on the next request) and lets it
 * answer with the parent's environment (the Lambda event or the Node socket, which client-ip.ts reads).
 */
export function loadOnFirstUse(load: () => Promise<OpenAPIHono<AppEnv>>): MiddlewareHandler<AppEnv> {
  let loading: Promise<OpenAPIHono<AppEnv>> | undefined
  return async (c, next) => {
    const app = await (loading ??= load().catch((err: unknown) => {
      loading = undefined
      throw err
    }))
    const bridge: Bridge = { vars: c.var, missed: false }
    const env = { ...(c.env as object | undefined), [BRIDGE]: bridge }
    const res = await app.fetch(c.req.raw, env, executionCtx(c))
    if (bridge.missed) return next()
    // Through c.newResponse, so any header the parent's middleware set before this handler is kept.
    return c.newResponse(res.body, res)
  }
}

function executionCtx(c: Context) {
  try {
    return c.executionCtx
  } catch {
    return undefined // only Workers-like runtimes have one; Lambda and Node do not
  }
}

// Stage rules shared by `app()` (before any component exists) and the stack modules.
// Pure on purpose: `app()` runs before `$app` exists, so nothing here may touch globals.

// Every stage is a province, and therefore production-like, unless its name marks it as
// throwaway. An unknown or mistyped stage (including SST's default personal stage, the OS user
// name) thus keeps its data instead of deleting it: the safe failure for a province's records.
const THROWAWAY_STAGE = /^(dev|pr)(-|$)/

export function isProductionStage(stage: string): boolean {
  return !THROWAWAY_STAGE.test(stage)
}

/**
 * The signal-gap map's basemap for this stage (issue 13): an XYZ tile URL template, https, with {z}, {x} and {y},
 * from XASO_TILE_URL in the deploying shell (e.g. `XASO_TILE_URL=https://tiles.example.vn/{z}/{x}/{y}.png npx sst
 * deploy --stage quangngai`). Unset: no basemap, the map draws its points on a plain background. The web build gets
 * it as VITE_TILE_URL (stacks/web.ts) and the CSP allows images from its origin (stacks/router.ts).
 */
export function tileUrl(env: Record<string, string | undefined>): { template: string; origin: string } | undefined {
  const raw = env.XASO_TILE_URL?.trim()
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw.replace(/\{([zxy])\}/g, '0'))
  } catch {
    throw new Error(`XASO_TILE_URL is not a URL: ${raw}`)
  }
  if (url.protocol !== 'https:' || !['{z}', '{x}', '{y}'].every((p) => raw.includes(p)))
    throw new Error(`XASO_TILE_URL must be an https URL template with {z}, {x} and {y}: ${raw}`)
  return { template: raw, origin: url.origin }
}

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's base URL when it is not same-origin (SST sets it on deploy); unset locally: same-origin /api. */
  readonly VITE_API_URL?: string
  /** The signal-gap map's basemap, an XYZ template ("https://…/{z}/{x}/{y}.png"), per stage; unset: no tiles. */
  readonly VITE_TILE_URL?: string
}

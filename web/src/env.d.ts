/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's base URL when it is not same-origin (SST sets it on deploy); unset locally: same-origin /api. */
  readonly VITE_API_URL?: string
}

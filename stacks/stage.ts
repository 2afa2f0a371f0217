// Stage rules shared by `app()` (before any component exists) and the stack modules.
// Pure on purpose: `app()` runs before `$app` exists, so nothing here may touch globals.

// Every stage is a province, and therefore production-like, unless its name marks it as
// throwaway. An unknown or mistyped stage (including SST's default personal stage, the OS user
// name) thus keeps its data instead of deleting it: the safe failure for a province's records.
const THROWAWAY_STAGE = /^(dev|pr)(-|$)/

export function isProductionStage(stage: string): boolean {
  return !THROWAWAY_STAGE.test(stage)
}

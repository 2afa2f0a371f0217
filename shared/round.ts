/**
 * Rounds to 2 decimals, half away from zero, on the decimal value a person reads (1.005 → 1.01), not on the
 * binary double underneath (where 1.005 is 1.00499…). Scoring calls this for every indicator on every
 * keystroke, so the common case stays arithmetic; only values within a hair of a half-cent boundary take the
 * exact path through the shortest decimal string.
 */
export function round2(x: number): number {
  if (!Number.isFinite(x)) return x
  const abs = Math.abs(x)
  const y = abs * 100
  const floor = Math.floor(y)
  const frac = y - floor
  let cents: number
  if (frac > 0.5 + 1e-6) cents = floor + 1
  else if (frac < 0.5 - 1e-6) cents = floor
  else cents = Math.round(Number(`${abs}e2`))
  const rounded = cents / 100
  return x < 0 ? -rounded : rounded
}

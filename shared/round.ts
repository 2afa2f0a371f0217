/**
 * Rounds to 2 decimals, half away from zero, on the decimal value a person reads (1.005 → 1.01), not on the
 * binary double underneath (where 1.005 is 1.00499…). Going through the shortest decimal string does that.
 */
export function round2(x: number): number {
  if (!Number.isFinite(x)) return x
  const abs = Math.abs(x)
  const shifted = Math.round(Number(`${abs}e2`))
  const rounded = Number(`${shifted}e-2`)
  return x < 0 ? -rounded : rounded
}

// formatNumber of shared/number.ts as it was when issue 8 was filed: reference oracle only. The reference's speed is
// the bench's "today's scoreAssessment", so it must not speed up with the product's own formatNumber (whole
// numbers have a path of their own there since); the text is the same, test/unit/number.property.test.ts holds
// the two equal.

/** "." every three digits, "," before decimals (see shared/number.ts formatNumber). */
export function formatNumber(n: number, maxFractionDigits = 20): string {
  if (!Number.isFinite(n)) return String(n)
  const negative = n < 0
  let abs = Math.abs(n)
  if (maxFractionDigits < 20) abs = Number(abs.toFixed(maxFractionDigits))
  // Plain positional digits (no exponent) for every double we can be given.
  const text =
    abs >= 1e21 ? BigInt(abs).toString() : abs !== 0 && abs < 1e-6 ? abs.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : String(abs)
  const [intPart, frac] = text.split('.') as [string, string | undefined]
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.')
  return `${negative && abs !== 0 ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`
}

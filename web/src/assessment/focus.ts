// Field keys (`profile.adults`, `answers.A3.1.numerator`) → the element to focus, so that every issue
// listed in the summary or after a refused submit can take the officer to the box to fix.
const SUFFIXES = ['.numerator', '.denominator', '.count', '.choice', '.yes', '.note']

export function indicatorIdOf(field: string): string | undefined {
  if (!field.startsWith('answers.')) return undefined
  let id = field.slice('answers.'.length)
  for (const s of SUFFIXES) if (id.endsWith(s)) id = id.slice(0, -s.length)
  return id
}

export const indicatorDomId = (id: string) => `ind-${id}`
export const profileInputId = (id: string) => `pf-${id}`

export function focusField(field: string) {
  let target: HTMLElement | null = null
  if (field.startsWith('profile.')) target = document.getElementById(profileInputId(field.slice('profile.'.length)))
  else {
    const id = indicatorIdOf(field)
    const card = id ? document.getElementById(indicatorDomId(id)) : null
    target = card?.querySelector<HTMLElement>('input:not([disabled]),select:not([disabled]),textarea:not([disabled])') ?? card
  }
  if (!target) return
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches
  target.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' })
  target.focus({ preventScroll: true })
}

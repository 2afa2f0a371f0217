import { createEffect, createRoot, createSignal } from 'solid-js'
import type { Lang, Localized } from '../../../shared/i18n'
import { dictionaries, type MessageKey } from './dict'
import { formatNumber } from '../../../shared/number'
import { DEFAULT_REVIEW_TIER, isReviewTier, withTier, type ReviewTier } from '../../../shared/review-tier'

const STORAGE_KEY = 'xaso:lang'

/** A signal kept in localStorage under `key`: read once at start, written on each change (a blocked storage keeps it for this visit). */
function keptSignal<T extends string>(key: string, valid: (v: unknown) => v is T, fallback: T) {
  let initial = fallback
  try {
    const kept = localStorage.getItem(key)
    if (valid(kept)) initial = kept
  } catch {
    /* storage blocked (private mode): the fallback */
  }
  const [get, set] = createSignal<T>(initial)
  const keep = (next: T) => {
    set(() => next)
    try {
      localStorage.setItem(key, next)
    } catch {
      /* not kept, still switched for this visit */
    }
  }
  return [get, keep] as const
}

// Vietnamese unless the user switched.
const [lang, setLang] = keptSignal<Lang>(STORAGE_KEY, (v): v is Lang => v === 'vi' || v === 'en', 'vi')
export { lang, setLang }

// Keep <html lang> right so screen readers pick the right voice.
createRoot(() => createEffect(() => (document.documentElement.lang = lang())))

/** A UI string in the current language, with {placeholders} filled. */
export type { MessageKey }

export type Params = Record<string, string | number>

// What the province calls its review level (shared/review-tier.ts), from /me; kept so that the next start, offline
// or before /me answers, already uses the province's word.
const [reviewTier, setReviewTier] = keptSignal<ReviewTier>('xaso:reviewTier', isReviewTier, DEFAULT_REVIEW_TIER)
export { reviewTier, setReviewTier }

/** {placeholders} from `params`; {tier} and {Tier} are the province's word for its review level unless given. */
const fill = (text: string, params?: Params): string => {
  if (!text.includes('{')) return text
  const filled = params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] !== undefined ? String(params[name]) : whole)) : text
  return withTier(filled, reviewTier(), lang())
}

/** `t()` over the dictionaries of one part of the app (most come with the screen that needs them): same language signal, same {placeholder} filling. */
export const translator =
  <K extends string>(dicts: Record<Lang, Record<K, string>>) =>
  (key: K, params?: Params): string =>
    fill(dicts[lang()][key], params)

export const t = translator<MessageKey>(dictionaries)

/** A rubric or domain text ({vi, en}) in the current language. */
export function l(text: Localized | undefined): string {
  if (!text) return ''
  return text[lang()] || text.vi
}

const locale = () => (lang() === 'vi' ? 'vi-VN' : 'en-GB')

export function fmtNumber(n: number, maxFractionDigits = 2): string {
  // The same text the number boxes show and read back (shared/number.ts), whatever locale the phone has.
  if (lang() === 'vi') return formatNumber(n, maxFractionDigits)
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: maxFractionDigits }).format(n)
}

export function fmtPercent(share: number, maxFractionDigits = 1): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: maxFractionDigits }).format(share)
}

/** An instant as dd/mm/yyyy hh:mm in Vietnam time (the province's clock, whatever the device's zone). */
const VN_PARTS = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Ho_Chi_Minh',
})
export function fmtDateTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = Object.fromEntries(VN_PARTS.formatToParts(d).map((x) => [x.type, x.value]))
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`
}

/** A calendar date (`YYYY-MM-DD`, e.g. a deadline) as people write it: 30/11/2025 in Vietnamese, 30/11/2025 in en-GB. */
export function fmtDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  if (Number.isNaN(d.getTime())) return date
  return new Intl.DateTimeFormat(locale(), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(d)
}

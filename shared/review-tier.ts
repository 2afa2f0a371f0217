import type { Lang } from './i18n'

/*
 * What a province calls the level that reviews its communes. Until 1 July 2025 it was the district (huyện); since
 * districts were abolished a province groups its communes into review areas (khu vực thẩm định). The data model
 * keeps one kind of unit for both (`district`, docs/ARCHITECTURE.md "Reviewer scope"); only the words differ. The
 * province's administrator chooses (PATCH /api/admin/units/{province} `reviewTier`); absent, today's: areas.
 */
export const REVIEW_TIERS = ['area', 'district'] as const
export type ReviewTier = (typeof REVIEW_TIERS)[number]
export const DEFAULT_REVIEW_TIER: ReviewTier = 'area'
export const isReviewTier = (v: unknown): v is ReviewTier => (REVIEW_TIERS as readonly unknown[]).includes(v)

/** The words for `{tier}` (within a sentence) and `{Tier}` (opening one or a label) in each language. */
export const TIER_WORDS: Readonly<Record<ReviewTier, Readonly<Record<Lang, { tier: string; Tier: string }>>>> = {
  area: { vi: { tier: 'khu vực', Tier: 'Khu vực' }, en: { tier: 'review area', Tier: 'Review area' } },
  district: { vi: { tier: 'huyện', Tier: 'Huyện' }, en: { tier: 'district', Tier: 'District' } },
}

export const reviewTierOf = (unit: { reviewTier?: ReviewTier } | undefined): ReviewTier => unit?.reviewTier ?? DEFAULT_REVIEW_TIER

/** `text` with its {tier} and {Tier} filled for this tier and language. */
export const withTier = (text: string, tier: ReviewTier, lang: Lang): string =>
  text.replace(/\{(tier|Tier)\}/g, (_, name: 'tier' | 'Tier') => TIER_WORDS[tier][lang][name])

import { z } from 'zod'

/** Every user-facing text is carried in both languages; Vietnamese is shown first. */
export const Localized = z.object({
  vi: z.string().min(1),
  en: z.string().min(1),
})
export type Localized = z.infer<typeof Localized>

export type Lang = 'vi' | 'en'

export const localized = (vi: string, en: string): Localized => ({ vi, en })

import { For, Show, createSignal } from 'solid-js'
import { REVIEW_TIERS, TIER_WORDS, type ReviewTier } from '../../../shared/review-tier'
import { adminApi } from '../api/admin-api'
import { lang, reviewTier, setReviewTier } from '../i18n'
import { ta, type AdminKey } from '../i18n/admin'
import { errorMessage } from '../ui/error-message'
import { Notice } from '../ui/notice'

const LABEL: Record<ReviewTier, AdminKey> = { area: 'tierArea', district: 'tierDistrict' }

/**
 * The province's word for its review level (shared/review-tier.ts): saved on the province at once, and every page
 * of this browser switches to it; other users' pages follow at their next start (their /me).
 */
export function ReviewTierSetting(props: { provinceId: string }) {
  const [busy, setBusy] = createSignal(false)
  const [message, setMessage] = createSignal<{ kind: 'success' | 'error'; text: string }>()
  const inputs = new Map<ReviewTier, HTMLInputElement>()
  const choose = async (tier: ReviewTier) => {
    if (tier === reviewTier() || busy()) return
    setBusy(true)
    setMessage(undefined)
    try {
      await adminApi.updateUnit(props.provinceId, { reviewTier: tier })
      setReviewTier(tier)
      setMessage({ kind: 'success', text: ta('tierSaved', { word: TIER_WORDS[tier][lang()].tier }) })
    } catch (e) {
      // Not saved: the buttons show what the province still has, not the click.
      const saved = inputs.get(reviewTier())
      if (saved) saved.checked = true
      setMessage({ kind: 'error', text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <fieldset class="card adm-tier" data-testid="review-tier" disabled={busy()}>
      <legend>{ta('tierTitle')}</legend>
      <p class="muted small">{ta('tierIntro')}</p>
      <For each={REVIEW_TIERS}>
        {(tier) => (
          <label class="check">
            <input
              ref={(el) => inputs.set(tier, el)}
              type="radio"
              name="review-tier"
              value={tier}
              checked={reviewTier() === tier}
              onChange={() => void choose(tier)}
            />
            {ta(LABEL[tier])}
          </label>
        )}
      </For>
      <Show when={message()}>{(m) => <Notice kind={m().kind}>{m().text}</Notice>}</Show>
    </fieldset>
  )
}

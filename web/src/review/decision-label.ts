import { tr } from '../i18n/review'

/** A per-indicator review decision in words (reviewer's wording). */
export function decisionLabel(decision: string): string {
  switch (decision) {
    case 'accepted':
      return tr('decisionAccepted')
    case 'adjusted':
      return tr('decisionAdjusted')
    case 'needs_evidence':
      return tr('decisionNeedsEvidence')
    default:
      return decision
  }
}

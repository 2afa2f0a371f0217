import { reviewTierOf, type ReviewTier } from '../../../shared/review-tier'
import type { Store } from '../storage/store'

// province → review unit → commune: a unit is at most two steps below its province.
const MAX_STEPS = 3

/** The review tier of the province that `unitId` belongs to (shared/review-tier.ts), read through the unit cache. */
export async function reviewTierFor(store: Store, unitId: string | undefined): Promise<ReviewTier> {
  let id = unitId
  for (let step = 0; id !== undefined && step <= MAX_STEPS; step++) {
    const unit = await store.orgUnits.get(id)
    if (!unit || unit.kind === 'province') return reviewTierOf(unit)
    id = unit.parentId
  }
  return reviewTierOf(undefined)
}

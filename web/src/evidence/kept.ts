/** localStorage prefix of the evidence list kept for offline use (evidence-list.tsx); forgotten on logout. */
export const KEPT_PREFIX = 'xaso:evidence:'

// Stored shapes that belong to storage rather than to shared/ (the browser never sees a password hash).

import type { ReviewTier } from '../../../shared/review-tier'
import type { Role } from '../../../shared/roles'

export type { Role } from '../../../shared/roles'

export type UserRecord = {
  id: string
  username: string
  name: string
  role: Role
  orgUnitId: string
  passwordHash: string
  active: boolean
  /**
   * Set while the password is a one-time password an administrator handed out (creation, import, reset):
   * login then only yields a token that can change the password.
   */
  mustChangePassword?: boolean
  /**
   * Raised on deactivation, password reset and password change. Tokens carry the version they were issued
   * at and stop working once it differs (absent = 0, so records and tokens from before this field agree).
   */
  tokenVersion?: number
  createdAt?: string
}

export type OrgUnitKind = 'province' | 'district' | 'commune'

export type OrgUnit = {
  id: string
  kind: OrgUnitKind
  name: string
  parentId?: string
  code?: string
  /** Retired units stay (their history is kept) but leave every scope list, and their assessments are read-only. */
  retired?: boolean
  retiredAt?: string
  /** A commune merged into another (the 2025 reform): the successor's id. Always together with `retired`. */
  mergedInto?: string
  /** The communes this one was formed from, whose past assessments its pages can reach. */
  predecessorIds?: string[]
  /** The province only: what it calls its review level (shared/review-tier.ts); absent, today's review areas. */
  reviewTier?: ReviewTier
}

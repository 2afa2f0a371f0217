import type { Role } from '../api/admin-api'
import { ta } from '../i18n/admin'

const ROLE_KEY = { officer: 'roleOfficer', reviewer: 'roleReviewer', admin: 'roleAdmin' } as const

export const roleLabel = (role: Role) => ta(ROLE_KEY[role])

import type { Status } from '../api/contract'
import { t, type MessageKey } from '../i18n'

const LABEL: Record<Status, MessageKey> = {
  draft: 'statusDraft',
  submitted: 'statusSubmitted',
  returned: 'statusReturned',
  district_approved: 'statusDistrictApproved',
  district_rejected: 'statusDistrictRejected',
  recognised: 'statusRecognised',
  not_recognised: 'statusNotRecognised',
}

/** Every status, in workflow order (for filters). */
export const STATUSES = Object.keys(LABEL) as Status[]

/** The status in words; an unknown one (a newer server) is shown as it is rather than hidden. */
export const statusLabel = (status: string): string =>
  status in LABEL ? t(LABEL[status as Status]) : t('statusOther', { status })

/** A status badge; colour comes from the `badge-<status>` class, the meaning from the words. */
export function StatusBadge(props: { status: string; testId?: string }) {
  return (
    <span class={`badge badge-${props.status}`} data-testid={props.testId}>
      {statusLabel(props.status)}
    </span>
  )
}

const ROLE = { officer: 'roleOfficer', reviewer: 'roleReviewer', admin: 'roleAdmin', system: 'roleSystem' } as const

/** Who acted, by role, in the current language. */
export const roleLabel = (role: string): string => (role in ROLE ? t(ROLE[role as keyof typeof ROLE]) : role)

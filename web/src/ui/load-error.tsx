import { ApiError } from '../api/client'
import { t, type MessageKey } from '../i18n'
import { Notice } from './notice'

function loadErrorKey(e: unknown): MessageKey {
  if (!(e instanceof ApiError)) return 'errGeneric'
  if (e.status === 403) return 'errForbidden'
  if (e.status === 404) return 'errNotFound'
  return e.isNetwork ? 'errNetwork' : 'errGeneric'
}

/** A page whose data could not be loaded: why, in the officer's language, with "try again" and a way back. */
export function LoadError(props: { error: unknown; onRetry: () => void; backHref: string }) {
  return (
    <div class="page">
      <Notice kind="error">{t(loadErrorKey(props.error))}</Notice>
      <p class="row">
        <button type="button" class="btn" onClick={() => props.onRetry()}>
          {t('retry')}
        </button>
        <a class="btn btn-ghost" href={props.backHref}>
          {t('back')}
        </a>
      </p>
    </div>
  )
}

import { t } from '../i18n'
import { errorMessage } from './error-message'
import { Notice } from './notice'

/** A page whose data could not be loaded: why, in the officer's language, with "try again" and a way back. */
export function LoadError(props: { error: unknown; onRetry: () => void; backHref: string }) {
  return (
    <div class="page">
      <Notice kind="error">{errorMessage(props.error, { fields: false })}</Notice>
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

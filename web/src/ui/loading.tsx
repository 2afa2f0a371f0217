import { t } from '../i18n'

/** "Loading…" announced to screen readers; `page` when it stands alone in the main area (it then gets the page's margins). */
export function Loading(props: { page?: boolean }) {
  return (
    <p class={props.page ? 'page muted' : 'muted'} role="status">
      {t('loading')}
    </p>
  )
}

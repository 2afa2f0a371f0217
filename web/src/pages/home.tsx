import { For, Show, createEffect } from 'solid-js'
import { useMe } from '../shell/me'
import { yearFor, yearsSettled } from '../years'
import { t } from '../i18n'
import { hrefOf, navigate } from '../router'
import { roleLabel } from '../review/status'
import { Notice } from '../ui/notice'
import { Loaded } from '../ui/loaded'

/**
 * Officers go straight to their commune's form, reviewers to their queue, administrators to the
 * recognition decisions; the commune list stays as the fallback (e.g. an officer of several communes).
 */
export function HomePage() {
  const signedIn = useMe()
  createEffect(() => {
    const me = signedIn.latest
    const only = me?.communes[0]
    // The officer's form opens on the year that still needs them (shared/season.ts): wait for the server's list
    // (or its failure), which carries their status and deadline per open year.
    if (me?.user.role === 'officer' && !yearsSettled()) return
    if (me?.user.role === 'officer' && me.communes.length === 1 && only)
      navigate({ name: 'assessment', communeId: only.id, year: yearFor('officer') }, { replace: true })
    else if (me?.user.role === 'reviewer') navigate({ name: 'queue' }, { replace: true })
    else if (me?.user.role === 'admin') navigate({ name: 'decisions' }, { replace: true })
  })

  return (
    <div class="page">
      <Loaded resource={signedIn}>
        {(me) => (
          <>
            <h1>{t('homeTitle')}</h1>
            <p class="muted">
              {roleLabel(me().user.role)}
              <Show when={me().orgUnit}>{(u) => <> · {u().name}</>}</Show>
              {' · '}
              {t('homeIntro', { year: yearFor(me().user.role) })}
            </p>
            <Show when={me().communes.length} fallback={<Notice kind="info">{t('homeEmpty')}</Notice>}>
              <ul class="commune-list">
                <For each={[...me().communes].sort((a, b) => a.name.localeCompare(b.name, 'vi'))}>
                  {(c) => (
                    <li>
                      <a class="commune-link" href={hrefOf({ name: 'assessment', communeId: c.id, year: yearFor(me().user.role) })}>
                        <span class="commune-name">{c.name}</span>
                        <span class="commune-open">{t('open')} →</span>
                      </a>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Loaded>
    </div>
  )
}

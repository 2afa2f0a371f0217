import { Show, Suspense, createSignal, lazy } from 'solid-js'
import type { Rubric } from '../../../shared/rubric/schema'
import { t } from '../i18n'
import { Loading } from '../ui/loading'

// The timeline is code an officer rarely needs: loaded on the first click, not with the form.
const Timeline = lazy(() => import('../review/timeline'))

/** "Show the history" under the officer's form, expanding into the assessment's timeline. */
export function History(props: { communeId: string; year: number; rubric: Rubric; version: number }) {
  const [open, setOpen] = createSignal(false)
  return (
    <section class="section history">
      <button
        type="button"
        class="btn btn-ghost"
        aria-expanded={open()}
        aria-controls="history-body"
        data-testid="history-toggle"
        onClick={() => setOpen(!open())}
      >
        {open() ? t('historyHide') : t('historyShow')}
      </button>
      <div id="history-body">
        <Show when={open()}>
          <Suspense fallback={<Loading />}>
            <Timeline communeId={props.communeId} year={props.year} rubric={props.rubric} version={props.version} />
          </Suspense>
        </Show>
      </div>
    </section>
  )
}

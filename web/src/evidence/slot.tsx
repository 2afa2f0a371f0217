import { Show, Suspense, lazy } from 'solid-js'
import { useAssessment } from '../assessment/context-assessment'

// The evidence UI (photo re-encoding, upload queue, list) is its own chunk, fetched after the form is shown.
const EvidenceList = lazy(() => import('./evidence-list'))

/** The officer's evidence files for one indicator, inside the assessment form. */
export function EvidenceSlot(props: { indicatorId: string }) {
  const m = useAssessment()
  return (
    <Show when={m.draft.server().version > 0 || m.draft.editable()}>
      <Suspense>
        <EvidenceList
          communeId={m.draft.server().communeId}
          year={m.draft.server().year}
          indicatorId={props.indicatorId}
          readOnly={!m.draft.editable()}
        />
      </Suspense>
    </Show>
  )
}

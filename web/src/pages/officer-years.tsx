import { For, Show } from 'solid-js'
import { fmtDate } from '../i18n'
import { ts } from '../i18n/season'
import { statusLabel } from '../review/status'
import { hrefOf } from '../router'
import { openYears } from '../years'

/**
 * Above the officer's form when more than one survey year is open: every open year with the commune's status
 * and deadline, as links, so a 2025 draft stays one tap away after 2026 has opened.
 */
export function OfficerYears(props: { communeId: string; year: number }) {
  const years = () => openYears()
  return (
    <Show when={years().length > 1}>
      <nav class="officer-years" aria-label={ts('officerYears')} data-testid="officer-years">
        <ul>
          <For each={years()}>
            {(y) => (
              <li>
                <a
                  href={hrefOf({ name: 'assessment', communeId: props.communeId, year: y.year })}
                  aria-current={y.year === props.year ? 'page' : undefined}
                >
                  {ts('officerYearStatus', {
                    year: y.year,
                    status: y.status ? statusLabel(y.status) : ts('officerYearNone'),
                    deadline: fmtDate(y.submission?.extendedUntil ?? y.deadline),
                  })}
                </a>
              </li>
            )}
          </For>
        </ul>
      </nav>
    </Show>
  )
}

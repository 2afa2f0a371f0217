import { For, Show, createEffect, type JSX } from 'solid-js'
import { Loading } from './loading'
import type { WorkflowRole } from '../../../shared/workflow'
import { fmtDate, t } from '../i18n'
import { ts } from '../i18n/season'
import { navigate, type Route } from '../router'
import { openYears, yearFor, yearsSettled } from '../years'

/**
 * The survey year of a list, picked from the open years (newest first). A year the URL names that is not in the
 * list (an older, closed round) is still offered, so the picker always shows the value in use.
 */
export function YearPicker(props: { id: string; value: number; onChange: (year: number) => void; showWaiting?: boolean }) {
  const options = () => {
    const list = openYears().map((y) => ({ year: y.year, deadline: y.deadline, waiting: y.waiting }))
    return list.some((y) => y.year === props.value) ? list : [{ year: props.value, deadline: '', waiting: undefined }, ...list]
  }
  return (
    <div class="field">
      <label for={props.id}>{ts('yearLabel')}</label>
      <select id={props.id} class="input" value={props.value} onChange={(e) => props.onChange(Number(e.currentTarget.value))} data-testid="year-picker">
        <For each={options()}>
          {(o) => (
            <option value={o.year} selected={o.year === props.value}>
              {!o.deadline
                ? String(o.year)
                : props.showWaiting && o.waiting
                  ? ts('yearOptionWaiting', { year: o.year, deadline: fmtDate(o.deadline), n: o.waiting })
                  : ts('yearOption', { year: o.year, deadline: fmtDate(o.deadline) })}
            </option>
          )}
        </For>
      </select>
    </div>
  )
}

/**
 * A list page whose URL names no year: once the open years are known, replace the URL with the year that needs
 * this user (shared/season.ts), so the year is always in the URL and a reload or a shared link opens the same list.
 */
export function WithYear(props: { year: number | undefined; role: WorkflowRole | undefined; to: (year: number) => Route; children: (year: number) => JSX.Element }) {
  createEffect(() => {
    if (props.year !== undefined || !props.role || !yearsSettled()) return
    navigate(props.to(yearFor(props.role)), { replace: true })
  })
  return (
    <Show when={props.year} fallback={<Loading page />}>
      {(y) => props.children(y())}
    </Show>
  )
}

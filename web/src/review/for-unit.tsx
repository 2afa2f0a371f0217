import { Show, type Accessor, type JSX } from 'solid-js'
import type { Me } from '../api/client'
import { t } from '../i18n'
import { Loading } from '../ui/loading'
import { Notice } from '../ui/notice'
import { createReviewUnits, pickUnit, type ReviewUnit } from './units'

/** Waits for the caller's review units, then shows the one asked for (else the first), with the whole list. */
export function ForUnit(props: { me: Me; unitId: string | undefined; children: (unit: Accessor<ReviewUnit>, units: Accessor<ReviewUnit[]>) => JSX.Element }) {
  const units = createReviewUnits(props.me)
  return (
    <Show when={units()} fallback={<Loading />}>
      {(list) => (
        <Show when={pickUnit(list(), props.unitId)} fallback={<Notice kind="info">{t('homeEmpty')}</Notice>}>
          {(unit) => props.children(unit, list)}
        </Show>
      )}
    </Show>
  )
}

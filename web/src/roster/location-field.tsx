import { Show, createEffect, createSignal, on, onCleanup } from 'solid-js'
import type { Localized } from '../../../shared/i18n'
import { VIETNAM_BBOX, VillageLocation } from '../../../shared/roster'
import { fmtNumber, l } from '../i18n'
import { rosterDictionaries, type RosterMessageKey } from '../i18n/dict-roster'
import { tr } from '../i18n/roster'
import { locationText } from './describe'
import { ErrorLine } from '../ui/error-line'

const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? ''))
/** Both languages of a roster message: the form keeps a box's reason as {vi, en} (draft.setBoxError). */
const both = (key: RosterMessageKey, params: Record<string, string | number> = {}): Localized => ({
  vi: fill(rosterDictionaries.vi[key], params),
  en: fill(rosterDictionaries.en[key], params),
})

// Six decimals is ~0.1 m: what is stored is what the box shows.
const round6 = (n: number) => Math.round(n * 1e6) / 1e6
const NUMBER = /^\s*-?\d{1,3}(?:[.,]\d{1,8})?\s*$/
const parseCoord = (text: string) => (NUMBER.test(text) ? Number(text.trim().replace(',', '.')) : undefined)

/** Why a point cannot be stored (outside Vietnam's bounding box, shared/roster.ts), or undefined. */
export function outsideReason(lat: number, lng: number): Localized | undefined {
  if (VillageLocation.safeParse({ lat, lng, source: 'typed' }).success) return undefined
  return both('locationOutside', {
    lat: fmtNumber(lat, 6),
    lng: fmtNumber(lng, 6),
    minLat: VIETNAM_BBOX.minLat,
    maxLat: VIETNAM_BBOX.maxLat,
    minLng: VIETNAM_BBOX.minLng,
    maxLng: VIETNAM_BBOX.maxLng,
  })
}

/**
 * A village's location: from the phone's GPS with its accuracy, or typed. A typed or GPS point outside
 * Vietnam is not stored; the reason is shown at once (before anything is sent) and the field is held.
 */
export function LocationField(props: {
  id: string
  value: VillageLocation | undefined
  disabled: boolean
  onValue: (v: VillageLocation | null) => void
  /** The typed boxes' reason, or undefined once they read again: the form holds the field meanwhile. */
  onError: (reason: Localized | undefined) => void
}) {
  const [lat, setLat] = createSignal(props.value ? fmtNumber(props.value.lat, 6) : '')
  const [lng, setLng] = createSignal(props.value ? fmtNumber(props.value.lng, 6) : '')
  const [message, setMessage] = createSignal<string>()
  const [reason, setReason] = createSignal<Localized>()
  const [busy, setBusy] = createSignal(false)
  const report = (r: Localized | undefined) => {
    if (!r && !reason()) return
    setReason(r)
    props.onError(r)
  }
  onCleanup(() => {
    if (reason()) props.onError(undefined)
  })
  createEffect(
    on(
      () => props.value,
      (v) => {
        setLat(v ? fmtNumber(v.lat, 6) : '')
        setLng(v ? fmtNumber(v.lng, 6) : '')
      },
      { defer: true },
    ),
  )

  const typed = () => {
    setMessage(undefined)
    if (!lat().trim() && !lng().trim()) {
      report(undefined)
      if (props.value) props.onValue(null)
      return
    }
    const a = parseCoord(lat())
    const b = parseCoord(lng())
    if (a === undefined || b === undefined) return report(both('locationNotNumber'))
    const outside = outsideReason(a, b)
    if (outside) return report(outside)
    report(undefined)
    props.onValue({ lat: round6(a), lng: round6(b), source: 'typed' })
  }

  const take = () => {
    setMessage(undefined)
    if (!('geolocation' in navigator)) return setMessage(tr('locationUnsupported'))
    setBusy(true)
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setBusy(false)
        const { latitude, longitude, accuracy } = pos.coords
        const outside = outsideReason(latitude, longitude)
        if (outside) return report(outside)
        report(undefined)
        props.onValue({ lat: round6(latitude), lng: round6(longitude), accuracy: Math.round(accuracy), source: 'gps' })
      },
      (err) => {
        setBusy(false)
        setMessage(tr(err.code === err.PERMISSION_DENIED ? 'locationDenied' : err.code === err.TIMEOUT ? 'locationTimeout' : 'locationUnavailable'))
      },
      // A phone in a valley may need a while for a first fix; a recent fix (walking the village) is fine.
      { enableHighAccuracy: true, timeout: 60_000, maximumAge: 60_000 },
    )
  }

  const errId = `${props.id}-why`
  return (
    <fieldset class="vl-loc">
      <legend>{tr('location')}</legend>
      <p class="small" data-testid={`${props.id}-shown`}>
        {props.value ? locationText(props.value) : tr('locationNone')}
      </p>
      <div class="vl-loc-row">
        <button type="button" class="btn btn-sm" disabled={props.disabled || busy()} onClick={take} data-testid={`${props.id}-gps`}>
          {busy() ? tr('locationTaking') : tr('locationTake')}
        </button>
        <Show when={props.value}>
          <button type="button" class="btn btn-sm btn-ghost" disabled={props.disabled} onClick={() => (report(undefined), props.onValue(null))}>
            {tr('locationClear')}
          </button>
        </Show>
      </div>
      <div class="vl-loc-row">
        <label>
          <span class="small">{tr('locationLat')}</span>
          <input
            id={`${props.id}-lat`}
            class="input"
            inputmode="decimal"
            autocomplete="off"
            value={lat()}
            disabled={props.disabled}
            aria-invalid={reason() ? 'true' : undefined}
            aria-describedby={reason() ? errId : undefined}
            onInput={(e) => setLat(e.currentTarget.value)}
            onChange={typed}
          />
        </label>
        <label>
          <span class="small">{tr('locationLng')}</span>
          <input
            id={`${props.id}-lng`}
            class="input"
            inputmode="decimal"
            autocomplete="off"
            value={lng()}
            disabled={props.disabled}
            aria-invalid={reason() ? 'true' : undefined}
            aria-describedby={reason() ? errId : undefined}
            onInput={(e) => setLng(e.currentTarget.value)}
            onChange={typed}
          />
        </label>
      </div>
      <Show when={reason()}>
        {(r) => (
          <p class="field-error" id={errId} role="alert" data-testid={`${props.id}-why`}>
            {l(r())}
          </p>
        )}
      </Show>
      <ErrorLine message={message()} testId={`${props.id}-msg`} />
    </fieldset>
  )
}

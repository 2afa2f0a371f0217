import type { Rubric } from '../../../shared/rubric/schema'
import type { CoverageLevel, OperatorCoverage, Roster, Village, VillageKind, VillageLocation } from '../../../shared/roster'
import { fmtNumber, l, t } from '../i18n'
import { tr, type RosterMessageKey } from '../i18n/roster'
import { rosterConfig } from './config'
import { parseRosterKey, type RosterValue } from './fields'

export const kindLabel = (k: VillageKind) => tr(`kind_${k}` as RosterMessageKey)
export const levelLabel = (lv: CoverageLevel) => tr(`level_${lv}` as RosterMessageKey)
export const operatorLabel = (rubric: Rubric | undefined, id: string) => l((rubric && rosterConfig(rubric))?.operators.find((o) => o.id === id)?.label) || id

const FIELD_LABEL: Record<string, RosterMessageKey> = {
  name: 'villageName',
  kind: 'villageKind',
  households: 'villageHouseholds',
  fiber: 'flagFiber',
  publicWifi: 'flagWifi',
  digitalTeam: 'flagTeam',
  smartVillage: 'flagSmart',
  location: 'location',
  note: 'note',
  order: 'villageName',
}

export function coverageText(c: OperatorCoverage | undefined): string {
  if (!c) return tr('coverageUnknown')
  return c.weak && c.level !== 'none' ? `${levelLabel(c.level)} (${tr('weakShort')})` : levelLabel(c.level)
}

export function locationText(loc: VillageLocation): string {
  const at = `${fmtNumber(loc.lat, 6)}, ${fmtNumber(loc.lng, 6)}`
  return loc.source === 'gps' && loc.accuracy !== undefined ? `${at} (${tr('locationGps', { m: Math.round(loc.accuracy) })})` : `${at} (${tr('locationTyped')})`
}

/** "Thôn 3 — Viettel", "Thôn 3 — Số hộ", "Thôn 3" for a roster key (rest after "roster."). */
export function describeRosterField(rubric: Rubric | undefined, rest: string, roster: Roster | undefined): string {
  const ref = parseRosterKey(rest)
  if (!ref) return rest
  const v = roster && Object.prototype.hasOwnProperty.call(roster, ref.village) ? roster[ref.village] : undefined
  const name = v?.name ?? tr('villageRemoved')
  if (ref.operator) return `${name} — ${operatorLabel(rubric, ref.operator)}`
  if (ref.field) return `${name} — ${tr(FIELD_LABEL[ref.field]!)}`
  return `${name} — ${tr('villageWhole')}`
}

export function describeRosterValue(rubric: Rubric | undefined, rest: string, value: RosterValue | null): string {
  const ref = parseRosterKey(rest)
  if (value === null) return ref && !ref.field && !ref.operator ? tr('villageGone') : t('empty')
  if (!ref) return String(value)
  if (ref.operator) return coverageText(value as OperatorCoverage)
  if (ref.field === 'kind') return kindLabel(value as VillageKind)
  if (ref.field === 'location') return locationText(value as VillageLocation)
  if (typeof value === 'boolean') return value ? t('yes') : t('no')
  if (typeof value === 'number') return fmtNumber(value)
  if (typeof value === 'string') return value
  const v = value as Village
  const cov = Object.entries(v.coverage)
    .map(([op, c]) => `${operatorLabel(rubric, op)} ${coverageText(c)}`)
    .join(', ')
  return [v.name, kindLabel(v.kind), v.households !== undefined ? `${fmtNumber(v.households)} ${tr('householdsUnit')}` : '', cov]
    .filter(Boolean)
    .join(' · ')
}

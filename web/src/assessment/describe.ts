import type { Rubric } from '../../../shared/rubric/schema'
import { indexRubric } from '../../../shared/rubric/walk'
import type { Roster } from '../../../shared/roster'
import { fmtNumber, l, t } from '../i18n'
import { describeRosterField, describeRosterValue } from '../roster/describe'
import type { RosterValue } from '../roster/fields'
import { splitKey, type FieldKey, type FieldValue } from './values'

/**
 * A field's name as an officer knows it: the fact label, or "A3.1 — label". Without the rubric (a file made on
 * the login page from what the phone holds) the ids stand in for the labels.
 */
export function describeField(rubric: Rubric | undefined, key: FieldKey, roster?: Roster): string {
  const { kind, id } = splitKey(key)
  if (kind === 'roster') return describeRosterField(rubric, id, roster)
  const index = rubric ? indexRubric(rubric) : undefined
  if (kind === 'profile') return l(index?.facts.get(id)?.label) || id
  const ind = index?.indicators.get(id)?.indicator
  return ind ? `${id} — ${l(ind.label)}` : id
}

/** A field's value in words, for the conflict dialog ("900/1200", "Có", the chosen option). */
export function describeValue(rubric: Rubric | undefined, key: FieldKey, value: FieldValue): string {
  if (value === null) return t('empty')
  const { kind, id } = splitKey(key)
  if (kind === 'roster') return describeRosterValue(rubric, id, value as RosterValue)
  const index = rubric ? indexRubric(rubric) : undefined
  if (kind === 'profile') {
    const fact = index?.facts.get(id)
    return `${fmtNumber(value as number)} ${fact ? l(fact.unit) : ''}`.trim()
  }
  const input = index?.indicators.get(id)?.indicator.input
  const a = value as Exclude<FieldValue, number | null | RosterValue>
  let text: string
  if ('numerator' in a) text = a.denominator === undefined ? fmtNumber(a.numerator) : `${fmtNumber(a.numerator)}/${fmtNumber(a.denominator)}`
  else if ('count' in a) text = `${fmtNumber(a.count)}${input?.kind === 'count' && input.unit ? ` ${l(input.unit)}` : ''}`
  else if ('yes' in a) text = a.yes ? t('yes') : t('no')
  else if ('noAnswer' in a) text = a.denominator === undefined ? t('empty') : `${t('empty')}/${fmtNumber(a.denominator)}`
  else text = input?.kind === 'choice' ? l(input.options.find((o) => o.id === a.choice)?.label) || a.choice : a.choice
  return a.note ? `${text} · ${t('note')}: “${a.note}”` : text
}

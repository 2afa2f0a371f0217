/*
 * The list of recognised communes of a year, for the province's official decision: numbered, by review unit and
 * commune name (Vietnamese order), with the points the recognition was decided on (the reviewed total when a
 * reviewer judged indicators, else the commune's own) and the date and number of the recognition decision.
 * Read with one Query per review unit on the status range `recognised#` (storage X2); nothing else is looked up.
 */
import { AppError } from '../../../shared/errors'
import type { Principal } from '../auth/token'
import type { OrgUnit, Store } from '../storage/store'
import { exportScope } from './scope'

export type RecognisedRow = {
  no: number
  communeId: string
  /** Today's name. */
  communeName: string
  /** The name the commune had when it was recognised, when it has been renamed since. */
  nameAtRecognition: string | null
  unitId: string
  unitName: string
  points: number | null
  recognisedAt: string | null
  decisionNumber: string | null
  decisionDate: string | null
}

export type RecognisedList = {
  year: number
  unit: { id: string; name: string; kind: OrgUnit['kind'] }
  /** The province the decision is issued by (the unit itself when the list is the province's). */
  province: { id: string; name: string }
  items: RecognisedRow[]
}

const collator = new Intl.Collator('vi')

export async function recognisedList(store: Store, who: Principal, year: number, unitId: string | undefined): Promise<RecognisedList> {
  if (who.role !== 'admin') throw new AppError('forbidden', 'The list for the recognition decision is the province administrators’')
  const { root, units } = await exportScope(store, who, unitId)
  const perUnit = await Promise.all(units.map(async (unit) => ({ unit, items: await store.exports.recognised(year, unit.id) })))
  const rows = perUnit
    .flatMap(({ unit, items }) =>
      items.map((item) => ({
        communeId: item.communeId,
        communeName: item.communeName,
        nameAtRecognition: item.nameAtRecognition ?? null,
        unitId: unit.id,
        unitName: unit.name,
        points: item.summary ? (item.summary.reviewedTotal ?? item.summary.total) : null,
        recognisedAt: item.provinceDecision?.at ?? null,
        decisionNumber: item.provinceDecision?.decisionNumber ?? null,
        decisionDate: item.provinceDecision?.decisionDate ?? null,
      })),
    )
    .sort((a, b) => collator.compare(a.unitName, b.unitName) || collator.compare(a.communeName, b.communeName) || a.communeId.localeCompare(b.communeId))
  const province = root.kind === 'province' ? root : ((await store.orgUnits.get(who.orgUnitId)) ?? root)
  return {
    year,
    unit: { id: root.id, name: root.name, kind: root.kind },
    province: { id: province.id, name: province.name },
    items: rows.map((row, i) => ({ no: i + 1, ...row })),
  }
}

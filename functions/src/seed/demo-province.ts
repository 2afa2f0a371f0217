// Demo data for local use only (npm start, tests): tỉnh Quảng Ngãi with real communes, grouped into review areas
// named after its former districts (abolished on 1 July 2025; the review level's name is shared/review-tier.ts).
// Names are stored without the "Xã"/"Khu vực" prefix, which `kind` carries; unitLabel() adds it.
import type { OrgUnit, OrgUnitKind, Role } from '../storage/records'
import { demoYears } from './demo-years'
import { reviewTierOf, TIER_WORDS } from '../../../shared/review-tier'

export const DEMO_PASSWORD = 'xaso-demo-2025'
/**
 * The demo round on the wall clock at import (2025 during 2026). With an injected clock read demoYears(now).round,
 * or the seed's result `years`.
 */
export const DEMO_YEAR = demoYears().round

const PROVINCE_ID = 'qng'

export const demoProvince: OrgUnit = { id: PROVINCE_ID, kind: 'province', name: 'Quảng Ngãi', code: '51' }

/** district slug → [district name, commune names] */
const districts: Record<string, [string, string[]]> = {
  'son-tay': [
    'Sơn Tây',
    ['Sơn Bua', 'Sơn Dung', 'Sơn Lập', 'Sơn Liên', 'Sơn Long', 'Sơn Màu', 'Sơn Mùa', 'Sơn Tân', 'Sơn Tinh'],
  ],
  'ly-son': ['Lý Sơn', ['An Bình', 'An Hải', 'An Vĩnh']],
  'minh-long': ['Minh Long', ['Long Hiệp', 'Long Mai', 'Long Môn', 'Long Sơn', 'Thanh An']],
}

/** "Sơn Tân" → "son-tan": ASCII ids that are safe in URLs and DynamoDB keys. */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

export const unitId = (name: string) => `${PROVINCE_ID}-${slug(name)}`

export const demoDistricts: OrgUnit[] = Object.values(districts).map(([name]) => ({
  id: unitId(name),
  kind: 'district',
  name,
  parentId: PROVINCE_ID,
}))

export const demoCommunes: OrgUnit[] = Object.values(districts).flatMap(([district, communes]) =>
  communes.map((name): OrgUnit => ({ id: unitId(name), kind: 'commune', name, parentId: unitId(district) })),
)

/** Parents before children, so a reader never sees a unit whose parent is missing. */
export const demoOrgUnits: OrgUnit[] = [demoProvince, ...demoDistricts, ...demoCommunes]

// A review unit is named as the demo province names its review level (the default: review areas, "Khu vực").
const KIND_LABEL: Record<OrgUnitKind, string> = { province: 'Tỉnh', district: TIER_WORDS[reviewTierOf(demoProvince)].vi.Tier, commune: 'Xã' }

export const unitLabel = (unit: Pick<OrgUnit, 'kind' | 'name'>) => `${KIND_LABEL[unit.kind]} ${unit.name}`

export type DemoAccount = {
  id: string
  username: string
  name: string
  role: Role
  orgUnitId: string
  /** e.g. "Xã Sơn Tân", for printing the demo logins. */
  unitName: string
}

function account(id: string, username: string, name: string, role: Role, unit: OrgUnit): DemoAccount {
  return { id, username, name, role, orgUnitId: unit.id, unitName: unitLabel(unit) }
}

const byName = (name: string): OrgUnit => {
  const unit = demoOrgUnits.find((u) => u.name === name)
  if (!unit) throw new Error(`demo data: no unit named ${name}`)
  return unit
}

/** All share DEMO_PASSWORD. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account('u-canbo-sontan', 'canbo.sontan', 'Đinh Văn Thanh', 'officer', byName('Sơn Tân')),
  account('u-canbo-anvinh', 'canbo.anvinh', 'Phạm Thị Mỹ Hạnh', 'officer', byName('An Vĩnh')),
  account('u-thamdinh-sontay', 'thamdinh.sontay', 'Nguyễn Văn Hùng', 'reviewer', byName('Sơn Tây')),
  account('u-quantri-quangngai', 'quantri.quangngai', 'Trần Thị Thu Hà', 'admin', demoProvince),
]

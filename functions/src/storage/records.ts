// Stored shapes that belong to storage rather than to shared/ (the browser never sees a password hash).

export type Role = 'officer' | 'reviewer' | 'admin'

export type UserRecord = {
  id: string
  username: string
  name: string
  role: Role
  orgUnitId: string
  passwordHash: string
  active: boolean
}

export type OrgUnitKind = 'province' | 'district' | 'commune'

export type OrgUnit = {
  id: string
  kind: OrgUnitKind
  name: string
  parentId?: string
  code?: string
}

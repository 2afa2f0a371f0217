// The API's only door to storage (docs/ARCHITECTURE.md "Store contract"). Client and table name are
// injected so the same code runs on AWS, against DynamoDB Local and under aws-sdk-client-mock.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Assessment } from '../../../shared/assessment'
import type { Rubric } from '../../../shared/rubric/schema'
import { assessmentsRepository } from './assessments'
import { orgUnitsRepository } from './org-units'
import type { OrgUnit, UserRecord } from './records'
import { rubricsRepository } from './rubrics'
import { usersRepository } from './users'

export type { OrgUnit, OrgUnitKind, Role, UserRecord } from './records'

export interface Store {
  users: {
    getByUsername(username: string): Promise<UserRecord | undefined>
    /** Throws AppError('conflict') if the username (or id) exists. */
    put(user: UserRecord): Promise<void>
  }
  orgUnits: {
    get(id: string): Promise<OrgUnit | undefined>
    /** Query on gsi1, never Scan; sorted by Vietnamese name. */
    listChildren(parentId: string): Promise<OrgUnit[]>
    put(unit: OrgUnit): Promise<void>
  }
  rubrics: {
    /** Latest version of that year. */
    get(year: number): Promise<Rubric | undefined>
    /** Throws AppError('conflict') if that year+version exists: published versions are immutable. */
    put(rubric: Rubric): Promise<void>
  }
  assessments: {
    get(communeId: string, year: number): Promise<Assessment | undefined>
    /**
     * Writes `next` only if the stored version equals expectedVersion (0 = must not exist);
     * otherwise throws AppError('version_conflict', …, { details: { currentVersion } }).
     * next.version must be greater than expectedVersion; the commune must exist as an org unit.
     */
    save(next: Assessment, expectedVersion: number): Promise<void>
  }
}

export type StoreOptions = { client: DynamoDBDocumentClient; tableName: string }

export function createStore({ client, tableName }: StoreOptions): Store {
  const orgUnits = orgUnitsRepository({ client, tableName })
  return {
    users: usersRepository({ client, tableName }),
    orgUnits,
    rubrics: rubricsRepository({ client, tableName }),
    assessments: assessmentsRepository({ client, tableName, getOrgUnit: orgUnits.get }),
  }
}

/** The document client settings the repositories are written for (callers may pass their own). */
export function createDocumentClient(raw: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  })
}

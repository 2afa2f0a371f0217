/*
 * The signal-gap map's items (issue 13; README "Signal-gap map", S1–S3): one compact item per commune and year,
 * written inside the assessment's own save transaction (assessments.ts) whenever the roster changed, so the map
 * reads a year of the province with four parallel Queries instead of every assessment.
 *   put / delete  inside assessments.save's TransactWrite: Put (or Delete, when the roster is gone) no condition;
 *                 the assessment's Put beside it carries the version lock, so the two move together
 *   list          Query pk=SIGNAL#<year>#<shard> for the 4 shards in parallel, all pages
 * Keys: pk=SIGNAL#<year>#<shard> sk=<communeId>, shard = shardOf(communeId) (stats.ts). Four partitions so the
 * read of 30,000 villages (~3 MB, ~4 pages of 1 MB) runs as four concurrent page chains rather than one.
 */
import type { Assessment } from '../../../shared/assessment'
import { reviewedRoster } from '../../../shared/roster-review'
import { signalVillages, type SignalVillage } from '../../../shared/signal-gaps'
import type { OrgUnit } from './records'
import { PK, SK, type RepoDeps } from './item'
import { queryAll } from './query-all'
import { shardOf, STATS_SHARDS } from './stats'

export const SIGNAL_SHARDS = STATS_SHARDS

export const signalPartition = (year: number, shard: number) => `SIGNAL#${year}#${shard}`
export const signalKey = (year: number, communeId: string) => ({ [PK]: signalPartition(year, shardOf(communeId)), [SK]: communeId })

/** One commune's villages for a year, as the map reads them. */
export type SignalCommune = {
  communeId: string
  year: number
  /** The commune's review unit (its parent) at the save: a reviewer's scope. */
  unitId: string
  /** Every ancestor, nearest first (review unit, province…): an admin's scope and the `unit` filter. */
  path: string[]
  villages: SignalVillage[]
  version: number
  updatedAt: string | null
}

/** The TransactWriteItems entry that keeps a commune's signal item in step with its saved roster. */
export function signalWrite(tableName: string, item: SignalCommune) {
  const key = signalKey(item.year, item.communeId)
  if (item.villages.length === 0) return { Delete: { TableName: tableName, Key: key } }
  // The rows as one JSON string, not nested lists: DynamoDB (and the SDK's unmarshalling) would otherwise type
  // and convert 30,000 × 7 values one by one on every read of the map; a string is parsed once, in ~1 ms per MB.
  const { villages, ...rest } = item
  return { Put: { TableName: tableName, Item: { ...key, entity: 'signal', ...rest, villages: JSON.stringify(villages) } } }
}

/**
 * The map's entry for a stored assessment placed under `unitId` (path: its ancestors): what a save of it would write
 * (the reviewer's adjusted rows in place), for the writers that move an assessment without saving it (a move of
 * its commune, a merge). Undefined when it has no roster, hence no item.
 */
export function signalWriteOf(tableName: string, a: Assessment, unitId: string, path: string[]) {
  if (a.roster === undefined) return undefined
  return signalWrite(tableName, {
    communeId: a.communeId,
    year: a.year,
    unitId,
    path,
    villages: signalVillages(reviewedRoster(a)),
    version: a.version,
    updatedAt: a.updatedAt ?? null,
  })
}

/** A commune's item of a year leaves the map (a merged-away commune's draft); no condition, like S1. */
export const signalDelete = (tableName: string, year: number, communeId: string) => ({ Delete: { TableName: tableName, Key: signalKey(year, communeId) } })

/**
 * A unit and its ancestors, nearest first (the item's `path`); the bound stops a corrupted parent chain from
 * looping (as auth/scope.ts).
 */
export async function unitPath(getOrgUnit: (id: string) => Promise<OrgUnit | undefined>, unitId: string): Promise<string[]> {
  const path: string[] = []
  let id: string | undefined = unitId
  for (let depth = 0; id && depth < 6 && !path.includes(id); depth++) {
    path.push(id)
    id = (await getOrgUnit(id))?.parentId
  }
  return path
}

export function signalGapsRepository({ client, tableName }: RepoDeps) {
  return {
    /** A year's signal items of the whole table (one province per deployment); callers filter by scope. */
    async list(year: number): Promise<SignalCommune[]> {
      const shards = await Promise.all(
        Array.from({ length: SIGNAL_SHARDS }, (_, shard) =>
          queryAll(client, 'signalGaps.list', {
            TableName: tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': PK },
            ExpressionAttributeValues: { ':pk': signalPartition(year, shard) },
          }),
        ),
      )
      return shards.flat().map(fromItem)
    },
  }
}

export type SignalGapsRepository = ReturnType<typeof signalGapsRepository>

function fromItem(item: Record<string, unknown>): SignalCommune {
  return {
    communeId: item.communeId as string,
    year: item.year as number,
    unitId: item.unitId as string,
    path: (item.path as string[] | undefined) ?? [item.unitId as string],
    villages: typeof item.villages === 'string' ? (JSON.parse(item.villages) as SignalVillage[]) : [],
    version: (item.version as number | undefined) ?? 0,
    updatedAt: (item.updatedAt as string | null | undefined) ?? null,
  }
}

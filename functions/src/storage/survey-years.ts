/*
 * Survey years and their log (storage/README.md "Survey years and rubric versions", Y1–Y7). Access patterns:
 *   year            GetItem pk=SURVEY sk=YEAR#<year>, consistent (Y1)
 *   list            Query pk=SURVEY, begins_with(sk, YEAR#): every year in one small partition, no Scan (Y2)
 *   open            TransactWrite: Put year attribute_not_exists(pk) [+ Put rubric version
 *                   attribute_not_exists(pk)] + Put log entry (Y3)
 *   change          TransactWrite: Update year (deadline, or one commune's extension) attribute_exists(pk)
 *                   + Put log entry (Y4); the update names one attribute, so two admins' changes do not lose
 *                   each other's
 *   publish rubric  TransactWrite: Put rubric version attribute_not_exists(pk) + Put log entry (Y7)
 *   log             Query pk=SURVEY#<year>, begins_with(sk, LOG#), oldest first (Y8)
 * Nothing is written without its log entry: the change and the entry commit together or not at all.
 */
import { randomUUID } from 'node:crypto'
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../../../shared/errors'
import type { Rubric } from '../../../shared/rubric/schema'
import type { Extension, SurveyLogEntry, SurveyYear } from '../../../shared/survey-year'
import { dynamo, transactionConditionFailed } from './errors'
import { compact, PK, SK, withoutKeys, type RepoDeps } from './item'
import { queryPrefix } from './query-all'
import { rubricPut, versionExists, type RubricPublication } from './rubrics'

const YEARS_PARTITION = 'SURVEY'
const yearSort = (year: number) => `YEAR#${year}`
const yearKey = (year: number) => ({ [PK]: YEARS_PARTITION, [SK]: yearSort(year) })
const logPartition = (year: number) => `SURVEY#${year}`
const LOG_PREFIX = 'LOG#'

let lastTick = 0
/** Strictly increasing within a process, so two entries written one after the other keep their order. */
function tieBreak(): string {
  lastTick = Math.max(lastTick + 1, Date.now())
  return lastTick.toString(36).padStart(10, '0')
}

export type YearChange = { kind: 'deadline'; deadline: string } | { kind: 'extension'; communeId: string; extension: Extension | null }

export function surveyYearsRepository({ client, tableName }: RepoDeps) {
  const logPut = (entry: SurveyLogEntry) => ({
    Put: {
      TableName: tableName,
      // `at` orders the log; this process's wall clock breaks ties between entries of the same millisecond
      // (an injected clock in tests, or two changes at once), the uuid keeps keys unique.
      Item: { ...compact(entry), [PK]: logPartition(entry.year), [SK]: `${LOG_PREFIX}${entry.at}#${tieBreak()}#${randomUUID()}`, entity: 'surveyLog' },
      ConditionExpression: `attribute_not_exists(${PK})`,
    },
  })

  const transact = (operation: string, items: unknown[]) =>
    dynamo(operation, () => client.send(new TransactWriteCommand({ TransactItems: items as never })))

  return {
    async get(year: number): Promise<SurveyYear | undefined> {
      const out = await dynamo('surveyYears.get', () => client.send(new GetCommand({ TableName: tableName, Key: yearKey(year), ConsistentRead: true })))
      return out.Item ? (withoutKeys(out.Item) as SurveyYear) : undefined
    },

    /** Newest year first. */
    async list(): Promise<SurveyYear[]> {
      return (await queryPrefix({ client, tableName }, 'surveyYears.list', YEARS_PARTITION, 'YEAR#', 'newest first')) as SurveyYear[]
    },

    /** Conflict if the year is open already (or, with a rubric, if that version exists). */
    async open(year: SurveyYear, log: SurveyLogEntry, rubric?: { rubric: Rubric; published: RubricPublication }): Promise<void> {
      const items: unknown[] = [
        { Put: { TableName: tableName, Item: { ...compact(year), ...yearKey(year.year), entity: 'surveyYear' }, ConditionExpression: `attribute_not_exists(${PK})` } },
        logPut(log),
      ]
      if (rubric) items.push({ Put: rubricPut(tableName, rubric.rubric, rubric.published) })
      try {
        await transact('surveyYears.open', items)
      } catch (err) {
        if (transactionConditionFailed(err, 0)) throw new AppError('conflict', `Survey year ${year.year} is already open`, { details: { year: year.year } })
        if (rubric && transactionConditionFailed(err, 2)) throw versionExists(rubric.rubric)
        throw err
      }
    },

    /** One attribute of an open year, with its log entry; not_found if the year is not open. */
    async change(year: number, change: YearChange, at: string, log: SurveyLogEntry): Promise<void> {
      const update =
        change.kind === 'deadline'
          ? { UpdateExpression: 'SET #deadline = :deadline, #updatedAt = :at', names: { '#deadline': 'deadline' }, values: { ':deadline': change.deadline } }
          : change.extension
            ? { UpdateExpression: 'SET #ext.#c = :ext, #updatedAt = :at', names: { '#ext': 'extensions', '#c': change.communeId }, values: { ':ext': compact(change.extension) } }
            : { UpdateExpression: 'REMOVE #ext.#c SET #updatedAt = :at', names: { '#ext': 'extensions', '#c': change.communeId }, values: {} }
      try {
        await transact('surveyYears.change', [
          {
            Update: {
              TableName: tableName,
              Key: yearKey(year),
              UpdateExpression: update.UpdateExpression,
              ConditionExpression: `attribute_exists(${PK})`,
              ExpressionAttributeNames: { ...update.names, '#updatedAt': 'updatedAt' },
              ExpressionAttributeValues: { ...update.values, ':at': at },
            },
          },
          logPut(log),
        ])
      } catch (err) {
        if (transactionConditionFailed(err, 0)) throw new AppError('not_found', `Survey year ${year} is not open`)
        throw err
      }
    },

    /** A new version with its log entry; conflict if that version exists (someone published meanwhile). */
    async publishRubric(rubric: Rubric, published: RubricPublication, log: SurveyLogEntry): Promise<void> {
      try {
        await transact('surveyYears.publishRubric', [{ Put: rubricPut(tableName, rubric, published) }, logPut(log)])
      } catch (err) {
        if (transactionConditionFailed(err, 0)) throw versionExists(rubric)
        throw err
      }
    },

    /** Oldest first. */
    async log(year: number): Promise<SurveyLogEntry[]> {
      return (await queryPrefix({ client, tableName }, 'surveyYears.log', logPartition(year), LOG_PREFIX)) as SurveyLogEntry[]
    },
  }
}

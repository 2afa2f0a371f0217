// Key builders of the commune partition (assessments, their events and comments) and the review-unit index,
// in one module so the repositories that write into the same partition cannot disagree (or import each other).
import type { AssessmentStatus } from '../../../shared/assessment'
import { PK, SK } from './item'

export const communePartition = (communeId: string) => `COMMUNE#${communeId}`

export const assessmentKey = (communeId: string, year: number) => ({
  [PK]: communePartition(communeId),
  [SK]: `ASSESS#${year}`,
})

/** gsi1: a review unit's assessments of a year, sorted by status then commune (the queue). */
export const reviewUnitPartition = (year: number, parentUnitId: string) => `ASSESS#${year}#${parentUnitId}`
export const queueSort = (status: AssessmentStatus, communeId: string) => `${status}#${communeId}`

const pad = (version: number) => String(version).padStart(8, '0')
export const eventSortPrefix = (year: number) => `EVENT#${year}#`
export const eventSort = (year: number, version: number) => `${eventSortPrefix(year)}${pad(version)}`
/** A comment changes no version: its event sorts right after the version it was written on. */
export const commentEventSort = (year: number, version: number, at: string, commentId: string) =>
  `${eventSort(year, version)}#C#${at}#${commentId}`

export const commentSortPrefix = (year: number) => `COMMENT#${year}#`
export const commentSort = (year: number, at: string, id: string) => `${commentSortPrefix(year)}${at}#${id}`

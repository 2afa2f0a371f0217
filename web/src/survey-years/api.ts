import type { ScoringEdits } from '../../../shared/rubric/edit'
import { call, client } from '../api/client'

// The administrator's survey-year routes (docs/ADMIN.md), through the typed hc<ApiType> client.

const yearParam = (year: number) => ({ year: String(year) })
const years = () => client.api.admin.years
const ofYear = () => client.api.admin.years[':year']

export type RubricSourceChoice = 'default' | 'copy' | 'upload' | 'existing'

export const yearsApi = {
  list: () => call(() => years().$get()),
  open: (body: { year: number; deadline: string; rubricSource: RubricSourceChoice; copyFrom?: number; rubric?: unknown }) =>
    call(() => years().$post({ json: body })),
  detail: (year: number) => call(() => ofYear().$get({ param: yearParam(year) })),
  changeDeadline: (year: number, deadline: string, reason?: string) =>
    call(() => ofYear().$patch({ param: yearParam(year), json: { deadline, ...(reason ? { reason } : {}) } })),
  grant: (year: number, communeId: string, until: string, reason: string) =>
    call(() => ofYear().extensions[':communeId'].$put({ param: { ...yearParam(year), communeId }, json: { until, reason } })),
  revoke: (year: number, communeId: string, reason: string) =>
    call(() => ofYear().extensions[':communeId'].revoke.$post({ param: { ...yearParam(year), communeId }, json: { reason } })),
  version: (year: number, version: number) => call(() => ofYear().rubrics[':version'].$get({ param: { ...yearParam(year), version: String(version) } })),
  upload: (year: number, rubric: unknown, baseVersion?: number) =>
    call(() => ofYear().rubrics.$post({ param: yearParam(year), json: { rubric, ...(baseVersion ? { baseVersion } : {}) } })),
  edit: (year: number, baseVersion: number, edits: ScoringEdits) =>
    call(() => ofYear().rubrics.$patch({ param: yearParam(year), json: { baseVersion, ...edits } })),
  preview: (year: number, rubric: unknown) => call(() => ofYear().rubrics.preview.$post({ param: yearParam(year), json: { rubric } })),
}

export type YearDetail = Awaited<ReturnType<typeof yearsApi.detail>>
export type AdminYear = Awaited<ReturnType<typeof yearsApi.list>>['years'][number]
export type Preview = Awaited<ReturnType<typeof yearsApi.preview>>

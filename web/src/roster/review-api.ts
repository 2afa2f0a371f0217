import type { Village } from '../../../shared/roster'
import { call, client } from '../api/client'

/** The reviewer's adjustment of one village's row (functions/src/roster/routes.ts), through the typed client. */
export const rosterReviewApi = {
  adjust: (communeId: string, year: number, villageId: string, body: { version: number; village: Village | null; reason: string }) =>
    call(() =>
      client.api.communes[':communeId'].assessments[':year']['roster-reviews'][':villageId'].$post({
        param: { communeId, year: String(year), villageId },
        json: body,
      }),
    ),
}

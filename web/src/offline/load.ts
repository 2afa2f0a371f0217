import type { Assessment } from '../../../shared/assessment'
import { api, ApiError } from '../api/client'
import { loadOutbox, loadSnapshot, type LoadedOutbox } from './outbox-store'

export type DeviceState = LoadedOutbox

/**
 * The assessment the officer's page starts from, online or not: the server's copy (through the service worker's
 * NetworkFirst cache) or, when that fails on the network or is older, the last copy this device saw; plus the
 * unsent edits kept in IndexedDB, which draft.ts rebases onto it.
 */
export async function loadAssessment(communeId: string, year: number): Promise<{ assessment: Assessment; saved: DeviceState }> {
  const [net, snap] = await Promise.allSettled([api.assessment(communeId, year), loadSnapshot(communeId, year)])
  const device = snap.status === 'fulfilled' ? snap.value : undefined
  let assessment: Assessment
  let fromDevice = false
  if (net.status === 'fulfilled') {
    assessment = net.value.assessment
    // A cached response (timeout on 3G) can be older than what this device last acknowledged.
    if (device && device.version > assessment.version) assessment = { ...assessment, ...device }
  } else {
    const err = net.reason
    if (!device || (err instanceof ApiError && err.status !== 0 && err.status < 500)) throw err
    assessment = device
    fromDevice = true
  }
  const saved = await loadOutbox(communeId, year, assessment.version)
  return { assessment, saved: { ...saved, fromDevice } }
}

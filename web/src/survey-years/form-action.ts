import { createSignal } from 'solid-js'
import { feedbackOf, type Feedback } from './feedback'

/**
 * The state every form on the year screens keeps around its one request: busy while it runs (the buttons
 * disable), and its failure as feedback in the screen's own words (feedbackOf). Checks done before the request
 * and the success line stay with the form; `run` only wraps the request.
 */
export function createFormAction() {
  const [busy, setBusy] = createSignal(false)
  const [feedback, setFeedback] = createSignal<Feedback>()
  const run = async (request: () => Promise<void>) => {
    setBusy(true)
    try {
      await request()
    } catch (err) {
      setFeedback(feedbackOf(err))
    } finally {
      setBusy(false)
    }
  }
  return { busy, feedback, setFeedback, run }
}

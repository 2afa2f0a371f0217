import { AppError } from '../../../shared/errors'

/**
 * For writes that create a record only if it is absent (users, published rubrics): resolves true when this
 * write created it, false when it already existed — the state the caller wanted either way (a re-run or a
 * concurrent seed got there first). Any other failure still throws.
 */
export async function createdIfAbsent(write: Promise<void>): Promise<boolean> {
  try {
    await write
    return true
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') return false
    throw err
  }
}

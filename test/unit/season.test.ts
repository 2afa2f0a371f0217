import { describe, expect, it } from 'vitest'
import { daysBetween, yearNeedingAction, type YearStanding } from '../../shared/season'
import { addDays, vietnamDate } from '../../shared/survey-year'

// Dates relative to now: the rule must hold on any day the suite runs.
const now = new Date()
const today = vietnamDate(now)
const inDays = (n: number) => addDays(today, n)
const closes = (n: number) => new Date(`${inDays(n)}T16:59:59.999Z`).toISOString()

describe('yearNeedingAction: officer', () => {
  it('opens the unsubmitted round that closes first, even when a newer year is open', () => {
    const years: YearStanding[] = [
      { year: 2026, deadline: inDays(200), closesAt: closes(200), status: null },
      { year: 2025, deadline: inDays(20), closesAt: closes(20), status: 'draft' },
    ]
    expect(yearNeedingAction('officer', years, now)).toBe(2025)
  })

  it('skips a round already submitted, and one whose window has closed', () => {
    expect(
      yearNeedingAction(
        'officer',
        [
          { year: 2026, deadline: inDays(200), closesAt: closes(200), status: 'draft' },
          { year: 2025, deadline: inDays(20), closesAt: closes(20), status: 'submitted' },
        ],
        now,
      ),
    ).toBe(2026)
    expect(
      yearNeedingAction(
        'officer',
        [
          { year: 2026, deadline: inDays(200), status: null },
          { year: 2025, deadline: inDays(-3), closesAt: closes(-3), status: 'draft' },
        ],
        now,
      ),
    ).toBe(2026)
  })

  it('an extension keeps the older round first; a returned assessment needs the officer after the deadline too', () => {
    expect(
      yearNeedingAction(
        'officer',
        [
          { year: 2026, deadline: inDays(200), closesAt: closes(200), status: null },
          { year: 2025, deadline: inDays(-3), closesAt: closes(10), status: 'draft' },
        ],
        now,
      ),
    ).toBe(2025)
    expect(
      yearNeedingAction(
        'officer',
        [
          { year: 2026, deadline: inDays(200), closesAt: closes(200), status: null },
          { year: 2025, deadline: inDays(-30), closesAt: closes(-30), status: 'returned' },
        ],
        now,
      ),
    ).toBe(2025)
  })

  it('with nothing left to do, the newest year; with no year, undefined', () => {
    expect(
      yearNeedingAction(
        'officer',
        [
          { year: 2025, deadline: inDays(20), status: 'recognised' },
          { year: 2026, deadline: inDays(200), status: 'submitted' },
        ],
        now,
      ),
    ).toBe(2026)
    expect(yearNeedingAction('officer', [], now)).toBeUndefined()
  })
})

describe('yearNeedingAction: reviewer and administrator', () => {
  it('the oldest year with something waiting, else the newest', () => {
    const years: YearStanding[] = [
      { year: 2026, deadline: inDays(200), waiting: 3 },
      { year: 2025, deadline: inDays(20), waiting: 1 },
      { year: 2024, deadline: inDays(-300), waiting: 0 },
    ]
    expect(yearNeedingAction('reviewer', years, now)).toBe(2025)
    expect(yearNeedingAction('admin', years, now)).toBe(2025)
    expect(yearNeedingAction('reviewer', years.map((y) => ({ ...y, waiting: 0 })), now)).toBe(2026)
    expect(yearNeedingAction('admin', [{ year: 2026, deadline: inDays(5) }, { year: 2025, deadline: inDays(-5) }], now)).toBe(2026)
  })
})

describe('daysBetween', () => {
  it('counts whole days and never goes negative', () => {
    expect(daysBetween(new Date(now.getTime() - 3.5 * 86_400_000).toISOString(), now)).toBe(3)
    expect(daysBetween(new Date(now.getTime() + 86_400_000).toISOString(), now)).toBe(0)
    expect(daysBetween('not a date', now)).toBe(0)
  })
})

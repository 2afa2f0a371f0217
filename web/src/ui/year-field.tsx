import { SurveyYearNumber } from '../../../shared/survey-year'
import { YEAR_MAX, YEAR_MIN } from '../../../shared/year-range'

/** The survey-year range the API accepts (shared/survey-year.ts), checked before a request is made. */
export const isSurveyYear = (y: number) => SurveyYearNumber.safeParse(y).success

/** A labelled year input held to the API's range (opening a survey year and the year its rubric is copied from). */
export function YearField(props: { id: string; label: string; value: number; onChange: (year: number) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        class="input"
        type="number"
        inputmode="numeric"
        min={YEAR_MIN}
        max={YEAR_MAX}
        value={props.value}
        aria-invalid={isSurveyYear(props.value) ? undefined : 'true'}
        onChange={(e) => props.onChange(Number(e.currentTarget.value))}
      />
    </div>
  )
}

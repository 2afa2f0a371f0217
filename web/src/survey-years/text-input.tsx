/** A labelled one-line input of the survey-year forms (a date, a reason). */
export function TextInput(props: { id: string; label: string; value: string; onInput: (value: string) => void; type?: 'date'; maxLength?: number; wide?: boolean }) {
  return (
    <div class={props.wide ? 'field field-wide' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <input id={props.id} class="input" type={props.type} maxLength={props.maxLength} value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)} />
    </div>
  )
}

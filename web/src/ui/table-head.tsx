import { For, type JSX } from 'solid-js'

/** A table's column headers, in order. */
export function TableHead(props: { cols: JSX.Element[] }) {
  return (
    <thead>
      <tr>
        <For each={props.cols}>{(c) => <th scope="col">{c}</th>}</For>
      </tr>
    </thead>
  )
}

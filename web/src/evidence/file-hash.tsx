import { Show } from 'solid-js'

/**
 * The SHA-256 the file was confirmed with (recorded in the audit trail too): a reviewer can compare it with the
 * file they opened or with a copy the commune sends. Shortened on screen, whole in the tooltip and for copying.
 */
export function FileHash(props: { sha256?: string }) {
  return (
    <Show when={props.sha256}>
      {(hash) => (
        <span class="muted small ev-hash" title={`SHA-256 ${hash()}`} data-testid="ev-sha256" data-sha256={hash()}>
          SHA-256 <code>{hash().slice(0, 12)}…</code>
        </span>
      )}
    </Show>
  )
}

/** Focus an element once the closing dialog has given focus back (the browser does that after close()). */
export function focusSoon(id: string) {
  setTimeout(() => document.getElementById(id)?.focus(), 0)
}

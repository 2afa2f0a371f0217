/**
 * Saves a Blob (or text) as a file through a temporary <a download>: no library, works in every browser the app
 * supports. Used for the exports (fetched with the bearer token, which a plain link cannot send) and for files
 * made in the browser (the accounts import template, one-time passwords).
 */
export function saveFile(filename: string, body: Blob | string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(typeof body === 'string' ? new Blob([body], { type }) : body)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // Revoked later, not at once: some browsers start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

// CSV written in the browser (the accounts import template and one-time passwords, the login page's file of
// unsent values): built from memory and saved through a download link (ui/save-file.ts); nothing leaves the browser.

/**
 * One cell, quoted when needed (RFC 4180). A cell that a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR first) gets a leading apostrophe: the list is opened in Excel, and names come from uploaded files.
 */
export function csvCell(value: string | number): string {
  let s = String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * Rows to CSV text: CRLF line ends and a UTF-8 byte-order mark, so Excel on Windows shows the Vietnamese
 * diacritics right when the file is double-clicked (without the mark it guesses the ANSI code page).
 */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

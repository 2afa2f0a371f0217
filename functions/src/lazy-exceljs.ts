import type ExcelJSModule from 'exceljs'

/*
 * exceljs and its dependencies are 1.1 MB of the 2.4 MB Lambda bundle, and only the XLSX export and the account
 * import use them. Loaded on first use (a chunk of its own: stacks/api.ts builds with splitting), so a cold start
 * of every other request does not parse and run it.
 */
let loading: Promise<typeof ExcelJSModule> | undefined

export function loadExcelJS(): Promise<typeof ExcelJSModule> {
  loading ??= import('exceljs').then((m) => ((m as { default?: typeof ExcelJSModule }).default ?? m) as typeof ExcelJSModule)
  return loading
}

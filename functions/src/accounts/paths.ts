/** The account import's path, read by the app's body limit (app.ts) without loading the accounts routes. */
export const IMPORT_PATH = '/admin/users/import'

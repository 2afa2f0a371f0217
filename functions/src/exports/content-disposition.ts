/**
 * `attachment` with an ASCII fallback name and the real one as RFC 5987 `filename*` (UTF-8, percent-encoded), so
 * "Đánh giá 2025 - Sơn Tây.xlsx" keeps its diacritics in every current browser and old ones still get a name.
 */
export function contentDisposition(filename: string): string {
  const ascii = asciiName(filename)
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** Diacritics stripped (đ → d), anything outside a safe set replaced, quotes impossible. */
export function asciiName(filename: string): string {
  return filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-(?=\.)|-$/g, '')
}

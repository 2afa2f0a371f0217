/*
 * Photos are made small enough for 3G before they are queued: long edge ≤ 1600 px, JPEG, quality stepped down
 * (then the size) until the file is ≤ 300 KB. createImageBitmap decodes off the main thread and applies the
 * EXIF orientation; a white background replaces transparency (JPEG has none).
 */
export const PHOTO_MAX_EDGE = 1600
export const PHOTO_MAX_BYTES = 300 * 1024
const QUALITIES = [0.82, 0.72, 0.62, 0.52, 0.43, 0.35]

type Canvas = OffscreenCanvas | HTMLCanvasElement

function canvas(w: number, h: number): Canvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h)
  const c = document.createElement('canvas')
  c.width = w
  c.height = h
  return c
}

function encode(c: Canvas, quality: number): Promise<Blob> {
  if ('convertToBlob' in c) return c.convertToBlob({ type: 'image/jpeg', quality })
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', quality))
}

function draw(bmp: ImageBitmap, scale: number): Canvas {
  const w = Math.max(1, Math.round(bmp.width * scale))
  const h = Math.max(1, Math.round(bmp.height * scale))
  const c = canvas(w, h)
  const ctx = c.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null
  if (!ctx) throw new Error('no 2d context')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, w, h)
  ctx.imageSmoothingQuality = 'high'
  ctx.drawImage(bmp, 0, 0, w, h)
  return c
}

/** The photo re-encoded as a JPEG of at most PHOTO_MAX_EDGE px and PHOTO_MAX_BYTES, plus a small thumbnail. */
export async function shrinkPhoto(file: Blob): Promise<{ blob: Blob; thumb: Blob }> {
  const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    let scale = Math.min(1, PHOTO_MAX_EDGE / Math.max(bmp.width, bmp.height))
    let out: Blob | undefined
    for (let round = 0; round < 6 && !out; round++) {
      const c = draw(bmp, scale)
      for (const q of QUALITIES) {
        const b = await encode(c, q)
        if (b.size <= PHOTO_MAX_BYTES) {
          out = b
          break
        }
      }
      scale *= 0.75
    }
    if (!out) throw new Error('photo could not be made small enough')
    const thumb = await encode(draw(bmp, Math.min(1, 160 / Math.max(bmp.width, bmp.height))), 0.7)
    return { blob: out, thumb }
  } finally {
    bmp.close()
  }
}

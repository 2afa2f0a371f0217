import type { CoverageLevel } from '../../../shared/roster'

/*
 * The signal-gap map's drawing: Web Mercator, grid clustering in screen space, one canvas. No map library: 30,000
 * points are binned into ~44 px cells in one pass (O(n)) and each cell is one circle, so a redraw takes a few ms
 * and the chunk stays small. Tiles are optional (a per-stage URL template, VITE_TILE_URL): without one, or when a
 * tile fails to load, the points are drawn on a plain background with the outline of the points' extent.
 */

export type MapPoint = { lat: number; lng: number; level: CoverageLevel; key: string }
export type View = { cx: number; cy: number; scale: number }

export const LEVEL_COLOURS: Record<CoverageLevel, string> = {
  none: '#b91c1c',
  '2g': '#ea580c',
  '3g': '#a16207',
  '4g': '#15803d',
  '5g': '#1d4ed8',
}
const LEVEL_ORDER: CoverageLevel[] = ['none', '2g', '3g', '4g', '5g']

const CELL = 44
const TILE = 256

/** Longitude/latitude → Web Mercator in [0, 1]² (x east, y south). */
export function project(lat: number, lng: number): [number, number] {
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180)
  return [(lng + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)]
}

/** The view that shows every point with a margin; Vietnam's middle when there is none. */
export function fitView(points: MapPoint[], width: number, height: number): View {
  if (points.length === 0) {
    const [cx, cy] = project(16, 106)
    return { cx, cy, scale: 256 * 2 ** 5 }
  }
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const p of points) {
    const [x, y] = project(p.lat, p.lng)
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  const dx = Math.max(maxX - minX, 1e-4)
  const dy = Math.max(maxY - minY, 1e-4)
  return { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, scale: Math.min(width / dx, height / dy) * 0.85 }
}

export type Cluster = { x: number; y: number; count: number; level: CoverageLevel; keys: string[] }

/** Points binned into screen cells; each cell coloured by its most frequent level (the worst on a tie). */
export function cluster(points: MapPoint[], view: View, width: number, height: number): Cluster[] {
  const cells = new Map<number, { sx: number; sy: number; count: number; levels: number[]; keys: string[] }>()
  const cols = Math.ceil(width / CELL) + 1
  for (const p of points) {
    const [x, y] = project(p.lat, p.lng)
    const sx = (x - view.cx) * view.scale + width / 2
    const sy = (y - view.cy) * view.scale + height / 2
    if (sx < -CELL || sy < -CELL || sx > width + CELL || sy > height + CELL) continue
    const key = Math.floor((sy + CELL) / CELL) * (cols + 2) + Math.floor((sx + CELL) / CELL)
    let cell = cells.get(key)
    if (!cell) cells.set(key, (cell = { sx: 0, sy: 0, count: 0, levels: [0, 0, 0, 0, 0], keys: [] }))
    cell.sx += sx
    cell.sy += sy
    cell.count++
    cell.levels[LEVEL_ORDER.indexOf(p.level)]!++
    if (cell.keys.length < 50) cell.keys.push(p.key)
  }
  return [...cells.values()].map((c) => {
    let best = 0
    for (let i = 1; i < c.levels.length; i++) if (c.levels[i]! > c.levels[best]!) best = i
    return { x: c.sx / c.count, y: c.sy / c.count, count: c.count, level: LEVEL_ORDER[best]!, keys: c.keys }
  })
}

/** The outline of the points' extent: their convex hull in screen space (monotone chain). */
function hull(points: [number, number][]): [number, number][] {
  if (points.length < 3) return points
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
  const lower: [number, number][] = []
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop()
    lower.push(p)
  }
  const upper: [number, number][] = []
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop()
    upper.push(p)
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)]
}

/** Tile images by URL, loaded once; a failed tile is remembered and never retried in this page. */
const tiles = new Map<string, HTMLImageElement | 'failed'>()

function tileImage(url: string, redraw: () => void): HTMLImageElement | undefined {
  const found = tiles.get(url)
  if (found === 'failed') return undefined
  if (found) return found.complete && found.naturalWidth > 0 ? found : undefined
  const img = new Image()
  img.crossOrigin = 'anonymous'
  img.onload = redraw
  img.onerror = () => tiles.set(url, 'failed')
  img.src = url
  tiles.set(url, img)
  return undefined
}

function drawTiles(ctx: CanvasRenderingContext2D, template: string, view: View, width: number, height: number, redraw: () => void) {
  const z = Math.max(0, Math.min(18, Math.round(Math.log2(view.scale / TILE))))
  const n = 2 ** z
  const size = (view.scale / n) // screen pixels per tile
  const left = view.cx - width / 2 / view.scale
  const top = view.cy - height / 2 / view.scale
  const x0 = Math.max(0, Math.floor(left * n))
  const y0 = Math.max(0, Math.floor(top * n))
  const x1 = Math.min(n - 1, Math.floor((left + width / view.scale) * n))
  const y1 = Math.min(n - 1, Math.floor((top + height / view.scale) * n))
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > 64) return
  for (let ty = y0; ty <= y1; ty++)
    for (let tx = x0; tx <= x1; tx++) {
      const url = template.replace('{z}', String(z)).replace('{x}', String(tx)).replace('{y}', String(ty))
      const img = tileImage(url, redraw)
      if (img) ctx.drawImage(img, (tx / n - left) * view.scale, (ty / n - top) * view.scale, size + 0.5, size + 0.5)
    }
}

export type DrawResult = { clusters: Cluster[]; ms: number }

export function drawMap(
  canvas: HTMLCanvasElement,
  points: MapPoint[],
  outline: MapPoint[],
  view: View,
  opts: { tileUrl?: string | undefined; redraw: () => void },
): DrawResult {
  const started = performance.now()
  const ratio = window.devicePixelRatio || 1
  const width = canvas.clientWidth
  const height = canvas.clientHeight
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio)
    canvas.height = Math.round(height * ratio)
  }
  const ctx = canvas.getContext('2d')!
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
  ctx.fillStyle = '#eef2f0'
  ctx.fillRect(0, 0, width, height)
  if (opts.tileUrl) drawTiles(ctx, opts.tileUrl, view, width, height, opts.redraw)

  // The province's outline: the hull of every village of the scope (not only the gaps), so the map keeps its shape.
  const toScreen = (p: MapPoint): [number, number] => {
    const [x, y] = project(p.lat, p.lng)
    return [(x - view.cx) * view.scale + width / 2, (y - view.cy) * view.scale + height / 2]
  }
  const shape = hull(outline.map(toScreen))
  if (shape.length >= 3) {
    ctx.beginPath()
    shape.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)))
    ctx.closePath()
    ctx.fillStyle = opts.tileUrl ? 'rgba(255,255,255,0.15)' : '#ffffff'
    ctx.fill()
    ctx.strokeStyle = '#94a3b8'
    ctx.lineWidth = 1.5
    ctx.stroke()
  }

  const clusters = cluster(points, view, width, height)
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.font = 'bold 12px system-ui, sans-serif'
  for (const c of clusters) {
    const r = c.count === 1 ? 5 : Math.min(22, 9 + Math.log2(c.count) * 2.2)
    ctx.beginPath()
    ctx.arc(c.x, c.y, r, 0, Math.PI * 2)
    ctx.fillStyle = LEVEL_COLOURS[c.level]
    ctx.globalAlpha = c.count === 1 ? 0.95 : 0.85
    ctx.fill()
    ctx.globalAlpha = 1
    ctx.strokeStyle = '#ffffff'
    ctx.lineWidth = 1.5
    ctx.stroke()
    if (c.count > 1) {
      ctx.fillStyle = '#ffffff'
      ctx.fillText(c.count > 999 ? `${Math.round(c.count / 100) / 10}k` : String(c.count), c.x, c.y)
    }
  }
  return { clusters, ms: performance.now() - started }
}

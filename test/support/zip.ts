// A minimal zip writer for tests that need files no spreadsheet program would write: zip bombs, sheets of a
// million rows, entries that lie about their size. Deflate (method 8) only, no zip64 (sizes < 4 GB).
import { crc32, createDeflateRaw } from 'node:zlib'

export type ZipEntry = {
  name: string
  /** The bytes, or a generator of chunks (so a 200 MB entry never exists in memory at once). */
  data: Buffer | (() => Iterable<Buffer>)
  /** What the headers claim the entry inflates to (default: the truth). */
  declaredSize?: number
}

async function deflate(chunks: Iterable<Buffer>): Promise<{ compressed: Buffer; size: number; crc: number }> {
  const deflater = createDeflateRaw({ level: 9 })
  const out: Buffer[] = []
  deflater.on('data', (c: Buffer) => out.push(c))
  let size = 0
  let crc = 0
  for (const chunk of chunks) {
    size += chunk.length
    crc = crc32(chunk, crc)
    if (!deflater.write(chunk)) await new Promise((r) => deflater.once('drain', r))
  }
  await new Promise<void>((resolve) => deflater.end(() => resolve()))
  return { compressed: Buffer.concat(out), size, crc }
}

export async function zip(entries: ZipEntry[]): Promise<Buffer> {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const { compressed, size, crc } = await deflate(typeof entry.data === 'function' ? entry.data() : [entry.data])
    const declared = entry.declaredSize ?? size
    const name = Buffer.from(entry.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(compressed.length, 18)
    local.writeUInt32LE(declared, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc >>> 0, 16)
    central.writeUInt32LE(compressed.length, 20)
    central.writeUInt32LE(declared, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, compressed)
    centrals.push(central, name)
    offset += local.length + name.length + compressed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/** The smallest XLSX a reader accepts: one sheet, cells as inline strings, rows from `rows()`. */
export function sheetXml(rows: () => Iterable<string>): () => Iterable<Buffer> {
  return function* () {
    yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    let batch: string[] = []
    for (const row of rows()) {
      batch.push(row)
      if (batch.length === 10_000) {
        yield Buffer.from(batch.join(''))
        batch = []
      }
    }
    yield Buffer.from(batch.join('') + '</sheetData></worksheet>')
  }
}

export const inlineRow = (r: number, cells: string[]) =>
  `<row r="${r}">${cells.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`

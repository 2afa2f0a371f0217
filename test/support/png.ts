// PNG files made in the test, for the evidence upload paths (the page re-encodes them as photos).
import { randomBytes } from 'node:crypto'
import { crc32, deflateSync } from 'node:zlib'

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

/** An 8-bit RGB PNG from its raw scanlines (each: filter byte 0, then width × 3 bytes). */
function rgbPng(width: number, height: number, raw: Buffer): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** A small, valid PNG of one flat colour. */
export function flatPng(width: number, height: number): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5a)])
  return rgbPng(width, height, Buffer.concat(Array.from({ length: height }, () => row)))
}

/** A photo-sized PNG of random noise (incompressible): about 3 bytes a pixel. */
export function noisePng(width: number, height: number): Buffer {
  const raw = randomBytes((width * 3 + 1) * height)
  for (let row = 0; row < height; row++) raw[row * (width * 3 + 1)] = 0 // filter: none
  return rgbPng(width, height, raw)
}

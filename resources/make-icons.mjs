// Regenerates the app and tray icons (plain PNGs, drawn here: no downloads, no image tools).
// A rounded teal square with a white calendar "slot". Run: node resources/make-icons.mjs
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const TEAL = [13, 148, 136]

function crc32(buffer) {
  let crc = ~0
  for (const byte of buffer) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(size) {
  const rows = []
  const radius = size * 0.2
  const inside = (x, y) => {
    const cx = Math.min(Math.max(x, radius), size - radius)
    const cy = Math.min(Math.max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
  }
  for (let y = 0; y < size; y++) {
    const row = [0]
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size
      const v = (y + 0.5) / size
      if (!inside(x + 0.5, y + 0.5)) row.push(0, 0, 0, 0)
      else if (u > 0.22 && u < 0.78 && ((v > 0.24 && v < 0.34) || (v > 0.46 && v < 0.76 && u > 0.3 && u < 0.7))) row.push(255, 255, 255, 255)
      else row.push(...TEAL, 255)
    }
    rows.push(Buffer.from(row))
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))])
}

const dir = new URL('.', import.meta.url)
writeFileSync(new URL('tray.png', dir), png(16))
writeFileSync(new URL('tray@2x.png', dir), png(32))
writeFileSync(new URL('icon.png', dir), png(512))

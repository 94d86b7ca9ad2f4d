/** The app's icon drawn as a PNG at build time (a white house on the theme's green), so no binary is committed. */

import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const body = Buffer.concat([head.subarray(4), data]);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([head.subarray(0, 4), body, tail]);
}

/** An RGB PNG of `size` x `size` whose pixel at (x, y) in [0, 1) is `paint(x, y)`, 4x supersampled. */
export function png(size: number, paint: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < 2; sy++) {
        for (let sx = 0; sx < 2; sx++) {
          const [pr, pg, pb] = paint((x + (sx + 0.5) / 2) / size, (y + (sy + 0.5) / 2) / size);
          r += pr;
          g += pg;
          b += pb;
        }
      }
      const at = y * (size * 3 + 1) + 1 + x * 3;
      raw[at] = Math.round(r / 4);
      raw[at + 1] = Math.round(g / 4);
      raw[at + 2] = Math.round(b / 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array()),
  ]);
}

const GREEN: [number, number, number] = [0x0b, 0x6e, 0x4f];
const WHITE: [number, number, number] = [0xff, 0xff, 0xff];

/** The icon: full-bleed green (safe as a maskable icon), a white house inside the central safe zone. */
export function icon(size: number): Buffer {
  return png(size, (x, y) => {
    const roof = y >= 0.26 && y <= 0.5 && Math.abs(x - 0.5) <= (y - 0.26) * (0.26 / 0.24);
    const walls = y > 0.48 && y <= 0.74 && x >= 0.32 && x <= 0.68;
    const door = y > 0.58 && y <= 0.74 && x >= 0.45 && x <= 0.55;
    return (roof || walls) && !door ? WHITE : GREEN;
  });
}

// Real, decodable PNG files for the image tests: RGB noise (so deflate cannot shrink it and the
// file size is about width × height × 3) or one flat colour (tiny).
import crypto from 'node:crypto';
import zlib from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const body = Buffer.concat([head.subarray(4), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body), 0);
  return Buffer.concat([head.subarray(0, 4), body, crc]);
}

export function makePng(width: number, height: number, fill: 'noise' | [number, number, number] = 'noise'): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const row = 1 + width * 3; // filter byte 0, then pixels
  const raw = fill === 'noise' ? crypto.randomBytes(row * height) : Buffer.alloc(row * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * row] = 0;
    if (fill !== 'noise') for (let x = 0; x < width; x += 1) raw.set(fill, y * row + 1 + x * 3);
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', zlib.deflateSync(raw)),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

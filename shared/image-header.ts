// What an image file is, told from its own bytes (magic numbers), and its size in pixels from
// its header. Pure and bounded: it reads at most a few header fields, walks JPEG segments by
// their lengths only, and returns null (never throws) on anything it does not recognise.
// Shared so that the core (which never trusts a declared format) and the renderer (which scales
// big pictures down before sending) read images the same way.
import type { ImageFormat } from './api.ts';

export interface ImageHeader {
  format: ImageFormat;
  /** Pixels; 0 when the header is cut short or does not say. */
  width: number;
  height: number;
}

export const IMAGE_MIME_TYPES: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// A JPEG has no length up front: give up after this many segments rather than walk a hostile file.
const MAX_JPEG_SEGMENTS = 1024;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const u16be = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number): number => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, at: number): number => u16be(b, at) * 0x10000 + u16be(b, at + 2);

/** The format and pixel size of an image, or null when the bytes are not PNG, JPEG, WEBP or GIF. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return png(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpeg(bytes);
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) {
    return bytes.length >= 10
      ? { format: 'gif', width: u16le(bytes, 6), height: u16le(bytes, 8) }
      : { format: 'gif', width: 0, height: 0 };
  }
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return webp(bytes);
  return null;
}

function png(bytes: Uint8Array): ImageHeader {
  // The first chunk must be IHDR: width and height, 4 bytes big-endian each.
  if (bytes.length < 24 || !startsWith(bytes, ascii('IHDR'), 12)) return { format: 'png', width: 0, height: 0 };
  return { format: 'png', width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

function webp(bytes: Uint8Array): ImageHeader {
  const none: ImageHeader = { format: 'webp', width: 0, height: 0 };
  if (startsWith(bytes, ascii('VP8X'), 12)) {
    // Extended: canvas size minus one, 24-bit little-endian.
    return bytes.length >= 30 ? { format: 'webp', width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 } : none;
  }
  if (startsWith(bytes, ascii('VP8 '), 12)) {
    // Lossy: a key frame's start code 9d 01 2a, then 14-bit width and height.
    if (bytes.length < 30 || !startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return none;
    return { format: 'webp', width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  }
  if (startsWith(bytes, ascii('VP8L'), 12)) {
    // Lossless: signature 0x2f, then width − 1 and height − 1 in 14 bits each.
    if (bytes.length < 25 || bytes[20] !== 0x2f) return none;
    const bits =
      ((bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24)) >>> 0;
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return none;
}

/** Start-of-frame markers carry the size: C0–CF except C4 (DHT), C8 (reserved) and CC (DAC). */
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpeg(bytes: Uint8Array): ImageHeader {
  let at = 2;
  for (let segments = 0; segments < MAX_JPEG_SEGMENTS && at + 4 <= bytes.length; segments += 1) {
    if (bytes[at] !== 0xff) break;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM and RST0–7; SOI again. EOI / SOS end the header part.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = u16be(bytes, at + 2);
    if (length < 2) break;
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) break;
      return { format: 'jpeg', width: u16be(bytes, at + 7), height: u16be(bytes, at + 5) };
    }
    at += 2 + length;
  }
  return { format: 'jpeg', width: 0, height: 0 };
}

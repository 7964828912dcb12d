// Turns a picked, dropped or pasted file into an image we may send: PNG, JPEG, WEBP or GIF of at
// most MAX_IMAGE_BYTES (or a smaller cap, e.g. a group picture's) and MAX_IMAGE_SIDE pixels a side. Files that already fit go as they are
// (byte for byte); anything else is redrawn smaller on a canvas and re-encoded, lossy.
import { MAX_IMAGE_BYTES } from '../../../shared/api.ts';
import { IMAGE_MIME_TYPES, readImageHeader } from '../../../shared/image-header.ts';

/** Longest side we send; bigger pictures are scaled down (status-go also downscales). */
export const MAX_IMAGE_SIDE = 2048;

/** What a file picker offers: the formats we send (PNG, JPEG, WEBP, GIF). */
export const IMAGE_ACCEPT = Object.values(IMAGE_MIME_TYPES).join(',');

export interface PreparedImage {
  bytes: Uint8Array<ArrayBuffer>;
  mimeType: string;
  width: number;
  height: number;
}

/** Redraws a picture at most `maxSide` a side and encodes it at `quality`; null when it cannot be read. */
export type Scaler = (file: Blob, maxSide: number, quality: number) => Promise<Uint8Array<ArrayBuffer> | null>;

// Tried in turn until the result fits: each step costs detail, not the whole picture.
const ATTEMPTS: ReadonlyArray<{ side: number; quality: number }> = [
  { side: MAX_IMAGE_SIDE, quality: 0.85 },
  { side: MAX_IMAGE_SIDE, quality: 0.7 },
  { side: 1600, quality: 0.7 },
  { side: 1280, quality: 0.6 },
];

export class ImagePrepareError extends Error {}

async function bytesOf(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

function fits(bytes: Uint8Array<ArrayBuffer>, maxBytes: number): PreparedImage | null {
  const header = readImageHeader(bytes);
  if (!header || bytes.length > maxBytes) return null;
  if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE) return null;
  return { bytes, mimeType: IMAGE_MIME_TYPES[header.format], width: header.width, height: header.height };
}

/** The file as it is when it fits `maxBytes` (a chat image's cap by default), else scaled down until it does. */
export async function prepareImage(
  file: Blob,
  scale: Scaler = scaleOnCanvas,
  maxBytes: number = MAX_IMAGE_BYTES,
): Promise<PreparedImage> {
  const original = await bytesOf(file);
  const asIs = fits(original, maxBytes);
  if (asIs) return asIs;
  for (const { side, quality } of ATTEMPTS) {
    const scaled = await scale(file, side, quality);
    if (!scaled) throw new ImagePrepareError('This file is not a picture the app can read.');
    const result = fits(scaled, maxBytes);
    if (result) return result;
  }
  throw new ImagePrepareError(
    `The picture is still larger than ${Math.floor(maxBytes / 1024)} KiB after scaling it down.`,
  );
}

/** The browser's own decoder and encoder: a canvas, then JPEG (or WEBP where transparency may matter). */
export const scaleOnCanvas: Scaler = async (file, maxSide, quality) => {
  if (typeof createImageBitmap !== 'function') return null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  const ratio = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * ratio));
  canvas.height = Math.max(1, Math.round(bitmap.height * ratio));
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const transparent = /^image\/(png|webp|gif)$/.test(file.type);
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, transparent ? 'image/webp' : 'image/jpeg', quality),
  );
  return blob ? bytesOf(blob) : null;
};

/** Base64 for the RPC (`messages.sendImage`), in chunks: spreading 512 KiB at once overflows the stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

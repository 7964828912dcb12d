import { describe, expect, it, vi } from 'vitest';
import { MAX_GROUP_IMAGE_BYTES, MAX_IMAGE_BYTES } from '../../../shared/api.ts';
import { fromBase64, MAX_IMAGE_SIDE, prepareImage, toBase64 } from './image-prepare.ts';

/** Just enough PNG for the header reader: signature and IHDR with a size. */
function pngHeader(width: number, height: number, total = 64): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(total);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return bytes;
}
const jpegHeader = (width: number, height: number, total: number): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(total);
  bytes.set([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff]);
  return bytes;
};

describe('prepareImage', () => {
  it('a picture that fits goes byte for byte, never redrawn', async () => {
    const scale = vi.fn();
    const bytes = pngHeader(800, 600);
    const prepared = await prepareImage(new Blob([bytes]), scale);
    expect(prepared).toEqual({ bytes, mimeType: 'image/png', width: 800, height: 600 });
    expect(scale).not.toHaveBeenCalled();
  });

  it('wider than MAX_IMAGE_SIDE: scaled down to it', async () => {
    const scale = vi.fn(async () => jpegHeader(2048, 1024, 1000));
    const prepared = await prepareImage(new Blob([pngHeader(4096, 2048)], { type: 'image/png' }), scale);
    expect(scale).toHaveBeenCalledWith(expect.any(Blob), MAX_IMAGE_SIDE, 0.85);
    expect(prepared).toMatchObject({ mimeType: 'image/jpeg', width: 2048, height: 1024 });
  });

  it('too many bytes: lower quality, then smaller sizes, then a clear error', async () => {
    const scale = vi.fn(async (_file: Blob, side: number, _quality: number) =>
      jpegHeader(side, side, MAX_IMAGE_BYTES + 1),
    );
    await expect(prepareImage(new Blob([pngHeader(1000, 1000, MAX_IMAGE_BYTES + 5)]), scale)).rejects.toThrow(
      'The picture is still larger than 512 KiB after scaling it down.',
    );
    expect(scale.mock.calls.map(([, side, quality]) => [side, quality])).toEqual([
      [2048, 0.85],
      [2048, 0.7],
      [1600, 0.7],
      [1280, 0.6],
    ]);
    const second = vi.fn(async (_f: Blob, side: number, quality: number) =>
      jpegHeader(side, side, quality > 0.8 ? MAX_IMAGE_BYTES + 1 : 1000),
    );
    const prepared = await prepareImage(new Blob([pngHeader(1000, 1000, MAX_IMAGE_BYTES + 5)]), second);
    expect(prepared.bytes.length).toBe(1000);
  });

  it('a smaller cap (a group picture’s): what fits a chat image is scaled down until it fits that', async () => {
    const scale = vi.fn(async (_f: Blob, side: number, _quality: number) =>
      jpegHeader(side, side, side > 1600 ? MAX_GROUP_IMAGE_BYTES + 1 : 1000),
    );
    const bytes = pngHeader(1000, 1000, MAX_GROUP_IMAGE_BYTES + 1);
    const prepared = await prepareImage(new Blob([bytes]), scale, MAX_GROUP_IMAGE_BYTES);
    expect(scale.mock.calls.map(([, side]) => side)).toEqual([2048, 2048, 1600]);
    expect(prepared).toMatchObject({ mimeType: 'image/jpeg', width: 1600 });
    // The default cap takes the same file as it is.
    expect((await prepareImage(new Blob([bytes]), scale)).bytes).toEqual(bytes);
    await expect(
      prepareImage(new Blob([bytes]), async () => jpegHeader(10, 10, MAX_GROUP_IMAGE_BYTES + 1), MAX_GROUP_IMAGE_BYTES),
    ).rejects.toThrow('The picture is still larger than 390 KiB after scaling it down.');
  });

  it('not a picture at all: the error says so', async () => {
    await expect(prepareImage(new Blob(['hello']), async () => null)).rejects.toThrow('not a picture the app can read');
  });

  it('base64 both ways, for large arrays too', () => {
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) & 0xff);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });
});

// Typed access to the images table: the picture of each IMAGE message, keyed by message id.
// No method opens a transaction: callers group writes with the message row in theirs.
import type { ImageFormat, ImageInfo } from '../../../shared/api.ts';
import type { Db } from '../database.ts';

export interface StoredImage extends ImageInfo {
  data: Uint8Array;
}

interface InfoRow {
  format: ImageFormat;
  width: number;
  height: number;
  size: number;
}

export class ImagesRepository {
  readonly #insert;
  readonly #info;
  readonly #data;

  constructor(db: Db) {
    this.#insert = db.prepare<{ messageId: string; format: ImageFormat; width: number; height: number; bytes: Buffer }>(
      `INSERT INTO images (message_id, format, width, height, bytes) VALUES (:messageId, :format, :width, :height, :bytes)
       ON CONFLICT (message_id) DO NOTHING`,
    );
    this.#info = db.prepare<[string], InfoRow>(
      'SELECT format, width, height, length(bytes) AS size FROM images WHERE message_id = ?',
    );
    this.#data = db.prepare<[string], InfoRow & { bytes: Buffer }>(
      'SELECT format, width, height, length(bytes) AS size, bytes FROM images WHERE message_id = ?',
    );
  }

  /** Files the picture of a stored message; false when it already has one. */
  insert(messageId: string, image: StoredImage): boolean {
    const { format, width, height, data } = image;
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.#insert.run({ messageId, format, width, height, bytes }).changes === 1;
  }

  /** What the views show of it (no bytes), or null when the message has no picture (any more). */
  info(messageId: string): ImageInfo | null {
    const row = this.#info.get(messageId);
    return row ? { format: row.format, width: row.width, height: row.height, bytes: row.size } : null;
  }

  get(messageId: string): StoredImage | null {
    const row = this.#data.get(messageId);
    return row
      ? { format: row.format, width: row.width, height: row.height, bytes: row.size, data: new Uint8Array(row.bytes) }
      : null;
  }
}

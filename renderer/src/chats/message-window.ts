// The arithmetic of a windowed list with rows of different heights: where each row starts
// (measured heights where known, estimates elsewhere), which rows a scroll position needs in
// the DOM, and how to keep what the reader looks at in place when rows above it change (older
// pages prepended, estimates replaced by measurements). Pure: no DOM, no React.

/** A row the reader is looking at, and how far the viewport's top is below the row's top. */
export interface Anchor {
  key: string;
  delta: number;
}

/** Rows [start, end) go in the DOM. */
export interface Range {
  start: number;
  end: number;
}

/**
 * offsets[i] is where row i starts; offsets[rows] is the total height. One pass, so a list of
 * 10,000 rows costs a few tens of microseconds.
 */
export function rowOffsets(keys: readonly string[], heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(keys.length + 1);
  for (let i = 0; i < keys.length; i += 1) offsets[i + 1] = (offsets[i] as number) + heightOf(i);
  return offsets;
}

/** The row that contains `y` (the last row for y at or past the end; 0 for an empty list). */
export function rowAt(offsets: Float64Array, y: number): number {
  const rows = offsets.length - 1;
  if (rows <= 0) return 0;
  let low = 0;
  let high = rows - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((offsets[mid] as number) <= y) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The rows that intersect the viewport widened by `overscan` pixels on both sides. */
export function visibleRange(offsets: Float64Array, scrollTop: number, viewport: number, overscan: number): Range {
  const rows = offsets.length - 1;
  if (rows <= 0) return { start: 0, end: 0 };
  const start = rowAt(offsets, Math.max(0, scrollTop - overscan));
  const end = rowAt(offsets, scrollTop + viewport + overscan) + 1;
  return { start, end: Math.min(rows, end) };
}

/**
 * What the reader looks at: the first row whose bottom is below the viewport's top. Only rows
 * that keep their place relative to their neighbours can hold it (`stable`): a "load older" row
 * stays first whatever is prepended, a day separator moves up to the day's first message.
 */
export function anchorAt(
  keys: readonly string[],
  offsets: Float64Array,
  scrollTop: number,
  stable: (key: string) => boolean = () => true,
): Anchor | null {
  let index = rowAt(offsets, Math.max(0, scrollTop));
  while (index < keys.length && !stable(keys[index] as string)) index += 1;
  if (index >= keys.length) return null;
  return { key: keys[index] as string, delta: scrollTop - (offsets[index] as number) };
}

/** The scroll position that shows `anchor` where it was; null when its row is gone. */
export function scrollTopFor(
  anchor: Anchor,
  keys: readonly string[] | ((key: string) => number),
  offsets: Float64Array,
): number | null {
  const index = typeof keys === 'function' ? keys(anchor.key) : keys.indexOf(anchor.key);
  if (index < 0) return null;
  return (offsets[index] as number) + anchor.delta;
}

/** The largest scroll position: the bottom of the list at the bottom of the viewport. */
export function bottomScrollTop(offsets: Float64Array, viewport: number): number {
  return Math.max(0, (offsets[offsets.length - 1] as number) - viewport);
}

/** Within `slack` pixels of the bottom counts as "at the bottom" (fractional pixels, zoom). */
export function isAtBottom(offsets: Float64Array, scrollTop: number, viewport: number, slack = 32): boolean {
  return bottomScrollTop(offsets, viewport) - scrollTop <= slack;
}

/**
 * rowOffsets kept across renders: a height per row and their prefix sums, recomputed only from
 * the first row whose height changed (a measurement near the top still costs one pass of float
 * additions, no lookups, no allocation), and a key → index map for anchors. `setRows` takes a
 * new list of rows: heights of rows it had before are carried over by key.
 */
export class RowLayout {
  private keyList: readonly string[] = [];
  private readonly index = new Map<string, number>();
  private heights = new Float64Array(0);
  private buffer = new Float64Array(1);
  /** Offsets from this row on are stale. */
  private dirtyFrom = 0;

  get keys(): readonly string[] {
    return this.keyList;
  }

  /** The rows changed: their heights from `heightOf` (measured or estimated). */
  setRows(keys: readonly string[], heightOf: (index: number) => number): void {
    this.keyList = keys;
    this.index.clear();
    if (this.heights.length < keys.length) {
      const capacity = Math.max(keys.length, Math.ceil(this.heights.length * 1.5));
      this.heights = new Float64Array(capacity);
      this.buffer = new Float64Array(capacity + 1);
    }
    for (let i = 0; i < keys.length; i += 1) {
      this.index.set(keys[i] as string, i);
      this.heights[i] = heightOf(i);
    }
    this.dirtyFrom = 0;
  }

  indexOf(key: string): number {
    return this.index.get(key) ?? -1;
  }

  /** Sets row `index`'s height; true when it changed. */
  setHeight(index: number, height: number): boolean {
    if (index < 0 || index >= this.keyList.length || this.heights[index] === height) return false;
    this.heights[index] = height;
    if (index < this.dirtyFrom) this.dirtyFrom = index;
    return true;
  }

  /** offsets[i] is where row i starts, offsets[rows] the total (a view: valid until the next change). */
  offsets(): Float64Array {
    const rows = this.keyList.length;
    const buffer = this.buffer;
    for (let i = this.dirtyFrom; i < rows; i += 1) buffer[i + 1] = (buffer[i] as number) + (this.heights[i] as number);
    this.dirtyFrom = rows;
    return buffer.subarray(0, rows + 1);
  }
}

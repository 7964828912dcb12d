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
export function scrollTopFor(anchor: Anchor, keys: readonly string[], offsets: Float64Array): number | null {
  const index = keys.indexOf(anchor.key);
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

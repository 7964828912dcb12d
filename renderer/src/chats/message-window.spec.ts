import { describe, expect, it } from 'vitest';
import {
  anchorAt,
  bottomScrollTop,
  isAtBottom,
  rowAt,
  rowOffsets,
  scrollTopFor,
  visibleRange,
} from './message-window.ts';

const keysOf = (n: number, prefix = 'm') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('message window', () => {
  it('places rows by measured heights and estimates', () => {
    const keys = keysOf(4);
    const measured = new Map([['m1', 100]]);
    const offsets = rowOffsets(keys, (i) => measured.get(keys[i] as string) ?? 50);
    expect(Array.from(offsets)).toEqual([0, 50, 150, 200, 250]);
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 149)).toBe(1);
    expect(rowAt(offsets, 150)).toBe(2);
    expect(rowAt(offsets, 10_000)).toBe(3);
  });

  it('renders only the rows in the viewport and the overscan around it', () => {
    const offsets = rowOffsets(keysOf(10_000), () => 50);
    expect(visibleRange(offsets, 100_000, 500, 100)).toEqual({ start: 1998, end: 2013 });
    expect(visibleRange(offsets, 0, 500, 100)).toEqual({ start: 0, end: 13 });
    expect(visibleRange(offsets, bottomScrollTop(offsets, 500), 500, 100)).toEqual({ start: 9988, end: 10_000 });
    expect(
      visibleRange(
        rowOffsets([], () => 50),
        0,
        500,
        100,
      ),
    ).toEqual({ start: 0, end: 0 });
  });

  it('keeps the row the reader looks at in place when a page is prepended', () => {
    const keys = keysOf(50, 'new');
    const offsets = rowOffsets(keys, () => 60);
    // The reader is 20 px into row new3.
    const anchor = anchorAt(keys, offsets, 200);
    expect(anchor).toEqual({ key: 'new3', delta: 20 });
    const prepended = [...keysOf(200, 'old'), ...keys];
    const after = rowOffsets(prepended, (i) => (i < 200 ? 40 : 60));
    expect(scrollTopFor(anchor as NonNullable<typeof anchor>, prepended, after)).toBe(200 * 40 + 3 * 60 + 20);
    expect(scrollTopFor({ key: 'gone', delta: 0 }, prepended, after)).toBeNull();
  });

  it('does not anchor on rows that move with a prepend (the loader row, day separators)', () => {
    const keys = ['older', 'day:1', 'm0', 'm1'];
    const offsets = rowOffsets(keys, () => 40);
    expect(anchorAt(keys, offsets, 0, (key) => key !== 'older' && !key.startsWith('day:'))).toEqual({
      key: 'm0',
      delta: -80,
    });
    expect(
      anchorAt(
        ['older'],
        rowOffsets(['older'], () => 40),
        0,
        (key) => key !== 'older',
      ),
    ).toBeNull();
  });

  it('knows when the viewport is at the bottom', () => {
    const offsets = rowOffsets(keysOf(100), () => 50);
    expect(bottomScrollTop(offsets, 500)).toBe(4500);
    expect(isAtBottom(offsets, 4500, 500)).toBe(true);
    expect(isAtBottom(offsets, 4470, 500)).toBe(true);
    expect(isAtBottom(offsets, 4400, 500)).toBe(false);
    expect(isAtBottom(offsets, 4497, 500, 2)).toBe(false);
    // Shorter than the viewport: always at the bottom.
    expect(
      isAtBottom(
        rowOffsets(keysOf(3), () => 50),
        0,
        500,
      ),
    ).toBe(true);
  });
});

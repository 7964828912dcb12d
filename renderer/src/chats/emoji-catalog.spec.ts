import { describe, expect, it } from 'vitest';
import EMOJI_LIST from '../../../shared/data/emojis.txt?raw';
import {
  CATEGORY_MARKERS,
  emojiCategories,
  filterSections,
  groupEmojis,
  insertAtCaret,
  MAX_RECENT,
  moveInGrid,
  parseEmojiList,
  pushRecent,
  readRecents,
} from './emoji-catalog.ts';

const SKIN_TONE = /[\u{1F3FB}-\u{1F3FF}]/u;

describe('emojiCategories (status-go emojis.txt split at the Unicode group markers)', () => {
  const list = parseEmojiList(EMOJI_LIST);
  const categories = emojiCategories();

  it('reads the shared list: 2800 emojis, 😀 first', () => {
    expect(list).toHaveLength(2800);
    expect(list[0]).toBe('😀');
  });

  it('has the eight categories in display order, each starting at its marker', () => {
    expect(categories.map((c) => c.name)).toEqual([
      'Smileys & people',
      'Animals & nature',
      'Food & drink',
      'Activities',
      'Travel & places',
      'Objects',
      'Symbols',
      'Flags',
    ]);
    expect(categories.map((c) => c.emojis[0])).toEqual(['😀', '🐵', '🍇', '🎃', '🌍', '👓', '🏧', '🏁']);
  });

  it('ends each category where the next Unicode group starts in the list', () => {
    const lastOf = Object.fromEntries(categories.map((c) => [c.id, c.emojis.at(-1)]));
    const preceding = (emoji: string) => list[list.indexOf(emoji) - 1];
    expect(lastOf).toEqual({
      people: preceding('🐵'), // 👣: People & Body ends the Smileys-and-people run
      nature: preceding('🍇'),
      food: preceding('🌍'),
      travel: preceding('🎃'), // Travel precedes Activities in the list
      activities: preceding('👓'),
      objects: preceding('🏧'),
      symbols: preceding('🏁'),
      flags: list.at(-1),
    });
    expect(lastOf.people).toBe('👣');
    expect(lastOf.flags).toBe('🏴‍☠️');
  });

  it('keeps every emoji without a skin tone exactly once, and none with one', () => {
    const shown = categories.flatMap((c) => c.emojis);
    const untoned = list.filter((emoji) => !SKIN_TONE.test(emoji));
    expect(shown).toHaveLength(untoned.length);
    expect(new Set(shown)).toEqual(new Set(untoned));
    expect(untoned).toHaveLength(1535);
    expect(categories.find((c) => c.id === 'flags')?.emojis).toHaveLength(8);
  });

  it('refuses a list that lacks a marker', () => {
    expect(() => groupEmojis(['😀', '🐵'])).toThrow(/lacks/);
    const markers = CATEGORY_MARKERS.map((m) => m.first);
    expect(() => groupEmojis(['x', ...markers])).toThrow(/does not start/);
  });
});

describe('filterSections', () => {
  const sections = [
    { name: 'Smileys & people' },
    { name: 'Animals & nature' },
    { name: 'Food & drink' },
    { name: 'Recently used' },
  ];
  it('matches word prefixes of category names, case-insensitively', () => {
    expect(filterSections(sections, 'FOOD')).toEqual([{ name: 'Food & drink' }]);
    expect(filterSections(sections, 'anim nat')).toEqual([{ name: 'Animals & nature' }]);
    expect(filterSections(sections, 'recent')).toEqual([{ name: 'Recently used' }]);
    expect(filterSections(sections, 'zebra')).toEqual([]);
    expect(filterSections(sections, '  ')).toEqual(sections);
  });
});

describe('recently used', () => {
  it('puts the newest first, without duplicates, at most 24', () => {
    expect(pushRecent(['😀', '🐵'], '🐵')).toEqual(['🐵', '😀']);
    const full = Array.from({ length: MAX_RECENT }, (_, i) => String(i));
    const next = pushRecent(full, '😀');
    expect(next).toHaveLength(MAX_RECENT);
    expect(next[0]).toBe('😀');
    expect(next).not.toContain(String(MAX_RECENT - 1));
  });
  it('accepts only a stored list of known emojis', () => {
    const known = new Set(['😀', '🐵']);
    expect(readRecents(['🐵', 'nope', 3, '🐵', '😀'], known)).toEqual(['🐵', '😀']);
    expect(readRecents('😀', known)).toEqual([]);
    expect(readRecents(null, known)).toEqual([]);
  });
});

describe('insertAtCaret', () => {
  it('inserts at the caret and puts the caret after the emoji', () => {
    expect(insertAtCaret('Hello world', 5, 5, '😀')).toEqual({ text: 'Hello😀 world', caret: 7 });
  });
  it('replaces a selection, and clamps positions outside the text', () => {
    expect(insertAtCaret('Hello world', 6, 11, '🐵')).toEqual({ text: 'Hello 🐵', caret: 8 });
    expect(insertAtCaret('ab', 9, 12, '!')).toEqual({ text: 'ab!', caret: 3 });
  });
});

describe('moveInGrid', () => {
  // Two sections: 20 emojis (rows of 9: 9, 9, 2) and 5 emojis.
  const sizes = [20, 5];
  const at = (section: number, index: number) => ({ section, index });
  it('walks left and right across sections and stops at the ends', () => {
    expect(moveInGrid(sizes, at(0, 0), 'ArrowRight', 9)).toEqual(at(0, 1));
    expect(moveInGrid(sizes, at(0, 19), 'ArrowRight', 9)).toEqual(at(1, 0));
    expect(moveInGrid(sizes, at(1, 0), 'ArrowLeft', 9)).toEqual(at(0, 19));
    expect(moveInGrid(sizes, at(0, 0), 'ArrowLeft', 9)).toEqual(at(0, 0));
    expect(moveInGrid(sizes, at(1, 4), 'ArrowRight', 9)).toEqual(at(1, 4));
  });
  it('moves up and down by a row, keeping the column across sections', () => {
    expect(moveInGrid(sizes, at(0, 3), 'ArrowDown', 9)).toEqual(at(0, 12));
    expect(moveInGrid(sizes, at(0, 12), 'ArrowDown', 9)).toEqual(at(0, 19)); // short last row below
    expect(moveInGrid(sizes, at(0, 19), 'ArrowDown', 9)).toEqual(at(1, 1));
    expect(moveInGrid(sizes, at(0, 18), 'ArrowDown', 9)).toEqual(at(1, 0));
    expect(moveInGrid(sizes, at(1, 3), 'ArrowUp', 9)).toEqual(at(0, 19)); // column 3 is past the short row
    expect(moveInGrid(sizes, at(1, 1), 'ArrowUp', 9)).toEqual(at(0, 19));
    expect(moveInGrid(sizes, at(1, 0), 'ArrowUp', 9)).toEqual(at(0, 18));
    expect(moveInGrid(sizes, at(0, 12), 'ArrowUp', 9)).toEqual(at(0, 3));
    expect(moveInGrid(sizes, at(0, 3), 'ArrowUp', 9)).toEqual(at(0, 3));
    expect(moveInGrid(sizes, at(1, 2), 'ArrowDown', 9)).toEqual(at(1, 2));
  });
  it('jumps between sections with PageUp/PageDown and to the ends with Home/End', () => {
    expect(moveInGrid(sizes, at(0, 7), 'PageDown', 9)).toEqual(at(1, 0));
    expect(moveInGrid(sizes, at(1, 0), 'PageDown', 9)).toEqual(at(1, 4));
    expect(moveInGrid(sizes, at(1, 3), 'PageUp', 9)).toEqual(at(1, 0));
    expect(moveInGrid(sizes, at(1, 0), 'PageUp', 9)).toEqual(at(0, 0));
    expect(moveInGrid(sizes, at(1, 3), 'Home', 9)).toEqual(at(0, 0));
    expect(moveInGrid(sizes, at(0, 3), 'End', 9)).toEqual(at(1, 4));
  });
});

// The emoji picker's data and pure logic: categories, recently used, the keyboard moves in
// the grid, and inserting at the caret. No React, no DOM.
//
// The emojis are status-go's static/emojis.txt (shared/data/emojis.txt, the same file the
// core reads for the emoji hash: one copy in the repo, bundled here by Vite's `?raw`). That
// file carries no names and no group labels. Its lines follow Unicode's emoji-test.txt order
// (Emoji 13.x, fully-qualified forms only, no "Component" group), where each group is one
// contiguous run. So a category here is "from the first emoji of that Unicode group up to the
// next group's first emoji": the markers below are those first emojis, looked up in the list,
// not hard-coded line numbers. Two consequences we accept and state plainly:
// - "Smileys & people" is Unicode's "Smileys & Emotion" plus "People & Body" (as asked).
// - status-go's list stops after 2800 lines, before the country flags (regional indicator
//   pairs): "Flags" holds only the 8 non-country flags (🏁 🚩 🎌 🏴 🏳️ 🏳️‍🌈 🏳️‍⚧️ 🏴‍☠️).
// Skin-tone variants (an emoji followed by U+1F3FB..U+1F3FF) are left out of the grid: the list
// has 1,265 of them, five per person emoji, which would bury the rest; the base (yellow)
// forms remain. There is no tone selector yet.
import EMOJI_LIST from '../../../shared/data/emojis.txt?raw';

export interface EmojiCategory {
  id: string;
  name: string;
  emojis: readonly string[];
}

/** Display order; `first` is the first emoji of the matching Unicode group in the list. */
export const CATEGORY_MARKERS = [
  { id: 'people', name: 'Smileys & people', first: '\u{1F600}' }, // 😀 Smileys & Emotion (+ People & Body)
  { id: 'nature', name: 'Animals & nature', first: '\u{1F435}' }, // 🐵
  { id: 'food', name: 'Food & drink', first: '\u{1F347}' }, // 🍇
  { id: 'activities', name: 'Activities', first: '\u{1F383}' }, // 🎃
  { id: 'travel', name: 'Travel & places', first: '\u{1F30D}' }, // 🌍 (before Activities in the list)
  { id: 'objects', name: 'Objects', first: '\u{1F453}' }, // 👓
  { id: 'symbols', name: 'Symbols', first: '\u{1F3E7}' }, // 🏧
  { id: 'flags', name: 'Flags', first: '\u{1F3C1}' }, // 🏁
] as const;

// Pref keys are lower case (shared/api.ts PrefKey), hence not 'ui.recentEmojis'.
export const RECENT_PREF = 'ui.recent-emojis';
export const MAX_RECENT = 24;
export const RECENT_ID = 'recent';
export const RECENT_NAME = 'Recently used';

const SKIN_TONE = /[\u{1F3FB}-\u{1F3FF}]/u;

/** The non-empty lines of the list; only line breaks are stripped (joiners and selectors are part of an emoji). */
export function parseEmojiList(text: string): string[] {
  return text.split(/\r?\n/u).filter((line) => line !== '');
}

/** Splits the list into the categories at their markers; fails loudly if the list's order is not the expected one. */
export function groupEmojis(list: readonly string[]): EmojiCategory[] {
  const starts = CATEGORY_MARKERS.map((marker) => {
    const start = list.indexOf(marker.first);
    if (start < 0) throw new Error(`The emoji list lacks ${marker.first}, the first emoji of ${marker.name}.`);
    return start;
  });
  const sortedStarts = [...starts].sort((a, b) => a - b);
  if (sortedStarts[0] !== 0) throw new Error('The emoji list does not start with a category marker.');
  return CATEGORY_MARKERS.map((marker, i) => {
    const start = starts[i] as number;
    const end = sortedStarts.find((s) => s > start) ?? list.length;
    return {
      id: marker.id,
      name: marker.name,
      emojis: list.slice(start, end).filter((emoji) => !SKIN_TONE.test(emoji)),
    };
  });
}

let catalog: EmojiCategory[] | undefined;
/** The categories of the shipped list, computed once. */
export function emojiCategories(): EmojiCategory[] {
  catalog ??= groupEmojis(parseEmojiList(EMOJI_LIST));
  return catalog;
}

/**
 * Without emoji names, the filter matches category names: every word of the query must start
 * a word of the name ("food", "anim nat", "recent"). Empty query: everything.
 */
export function filterSections<T extends { name: string }>(sections: readonly T[], query: string): T[] {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return [...sections];
  return sections.filter((section) => {
    const nameWords = section.name.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    return words.every((word) => nameWords.some((nameWord) => nameWord.startsWith(word)));
  });
}

/** A stored recents value, kept only if it is a list of emojis we know, at most MAX_RECENT. */
export function readRecents(value: unknown, known: ReadonlySet<string>): string[] {
  if (!Array.isArray(value)) return [];
  const unique = new Set(value.filter((item): item is string => typeof item === 'string' && known.has(item)));
  return [...unique].slice(0, MAX_RECENT);
}

/** `emoji` first, without a duplicate, at most MAX_RECENT. */
export function pushRecent(recents: readonly string[], emoji: string): string[] {
  return [emoji, ...recents.filter((item) => item !== emoji)].slice(0, MAX_RECENT);
}

/** `insert` replacing the selection [start, end) of `text`, and the caret right after it. */
export function insertAtCaret(
  text: string,
  start: number,
  end: number,
  insert: string,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}

/** A place in the grid: which section (index into the shown sections) and which emoji in it. */
export interface GridPosition {
  section: number;
  index: number;
}

export const GRID_KEYS = [
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
] as const;
export type GridKey = (typeof GRID_KEYS)[number];

export function isGridKey(key: string): key is GridKey {
  return (GRID_KEYS as readonly string[]).includes(key);
}

/**
 * Where `key` moves in a grid of sections (`sizes`: emojis per section, none empty) laid out
 * in rows of `columns`. Left/Right walk the emojis in order across sections; Up/Down keep the
 * column, crossing into the neighbouring section's nearest row; PageUp/PageDown jump to the
 * previous/next section's first emoji; Home/End to the very first/last. The edges stop moves.
 */
export function moveInGrid(sizes: readonly number[], at: GridPosition, key: GridKey, columns: number): GridPosition {
  const size = (section: number) => sizes[section] ?? 0;
  const last = sizes.length - 1;
  const { section, index } = at;
  const column = index % columns;
  switch (key) {
    case 'ArrowRight':
      if (index + 1 < size(section)) return { section, index: index + 1 };
      return section < last ? { section: section + 1, index: 0 } : at;
    case 'ArrowLeft':
      if (index > 0) return { section, index: index - 1 };
      return section > 0 ? { section: section - 1, index: size(section - 1) - 1 } : at;
    case 'ArrowDown': {
      if (index + columns < size(section)) return { section, index: index + columns };
      const lastRowStart = Math.floor((size(section) - 1) / columns) * columns;
      if (index < lastRowStart) return { section, index: size(section) - 1 }; // a short last row below
      return section < last ? { section: section + 1, index: Math.min(column, size(section + 1) - 1) } : at;
    }
    case 'ArrowUp': {
      if (index - columns >= 0) return { section, index: index - columns };
      if (section === 0) return at;
      const above = size(section - 1);
      const lastRowStart = Math.floor((above - 1) / columns) * columns;
      return { section: section - 1, index: Math.min(lastRowStart + column, above - 1) };
    }
    case 'PageDown':
      return section < last ? { section: section + 1, index: 0 } : { section, index: size(section) - 1 };
    case 'PageUp':
      return index > 0 || section === 0 ? { section, index: 0 } : { section: section - 1, index: 0 };
    case 'Home':
      return { section: 0, index: 0 };
    case 'End':
      return { section: last, index: size(last) - 1 };
  }
}

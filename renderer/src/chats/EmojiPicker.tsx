import { type KeyboardEvent, type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CoreClient } from '../core/connection.ts';
import {
  type EmojiCategory,
  emojiCategories,
  filterSections,
  type GridPosition,
  isGridKey,
  MAX_RECENT,
  moveInGrid,
  pushRecent,
  RECENT_ID,
  RECENT_NAME,
  RECENT_PREF,
  readRecents,
} from './emoji-catalog.ts';

/** Emojis per row; also sets the grid's CSS columns, so keyboard moves match what is seen. */
export const EMOJI_COLUMNS = 9;
/** One cell's height in px: a not yet rendered category reserves rows × this. */
const CELL_PX = 36;

interface EmojiPickerProps {
  client: CoreClient;
  /** An emoji was chosen (click, Enter or Space); it is already saved as recently used. */
  onPick: (emoji: string) => void;
  /** Escape, or a press outside the picker and outside `anchor` (the button that toggles it). */
  onClose: (reason: 'escape' | 'outside') => void;
  anchor?: RefObject<HTMLElement | null>;
}

// Recents survive closing the picker, so the next opening shows them at once.
const recentsCache = new WeakMap<CoreClient, string[]>();

/**
 * A dialog with every emoji of the list, by category, with a "Recently used" row (prefs
 * 'ui.recent-emojis'). One emoji button is in the tab order; arrow keys, Home/End and
 * PageUp/PageDown move among them. Each button's accessible name is the emoji itself (the list
 * has no names; screen readers speak an emoji by its Unicode name). Categories far from view
 * render as empty space of the right height until they scroll near (IntersectionObserver),
 * so opening renders about two categories instead of ~1,500 buttons.
 */
export function EmojiPicker({ client, onPick, onClose, anchor }: EmojiPickerProps) {
  const categories = emojiCategories();
  const known = useMemo(() => new Set(categories.flatMap((category) => category.emojis)), [categories]);
  const [recents, setRecents] = useState<string[]>(() => recentsCache.get(client) ?? []);
  const [query, setQuery] = useState('');
  // The active emoji, by section id so that recents arriving later do not move it.
  const [active, setActive] = useState<{ id: string; index: number } | null>(() => ({
    id: recents.length > 0 ? RECENT_ID : (categories[0]?.id ?? ''),
    index: 0,
  }));
  const [mounted, setMounted] = useState<ReadonlySet<string>>(() => new Set([RECENT_ID, categories[0]?.id ?? '']));
  const dialog = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const focusPending = useRef(true); // focus the active emoji once it is rendered (on open, after a move)

  useEffect(() => {
    let live = true;
    client.call('prefs.get', { key: RECENT_PREF }).then(
      (pref) => {
        if (!live) return;
        const stored = readRecents(pref?.value, known);
        recentsCache.set(client, stored);
        setRecents(stored);
      },
      () => {}, // no recents is a fine picker
    );
    return () => {
      live = false;
    };
  }, [client, known]);

  const sections: EmojiCategory[] = useMemo(() => {
    const all =
      recents.length > 0 ? [{ id: RECENT_ID, name: RECENT_NAME, emojis: recents }, ...categories] : categories;
    return filterSections(all, query);
  }, [categories, recents, query]);

  // Where the active emoji is shown; the first shown one if its section is filtered out.
  const position: GridPosition | null = (() => {
    const first = sections.length > 0 ? { section: 0, index: 0 } : null;
    if (!active) return first;
    const section = sections.findIndex((s) => s.id === active.id);
    const size = sections[section]?.emojis.length ?? 0;
    return section >= 0 ? { section, index: Math.min(active.index, size - 1) } : first;
  })();
  const activeId = position ? sections[position.section]?.id : undefined;

  // A filtered view is small: render all of it. Keyboard moves render their target.
  const shown = (id: string) => query !== '' || mounted.has(id) || id === activeId;

  useEffect(() => {
    if (!focusPending.current || !position || !activeId) return;
    const button = dialog.current?.querySelector<HTMLButtonElement>(
      `[data-section="${activeId}"] [data-index="${position.index}"]`,
    );
    if (!button) return;
    focusPending.current = false;
    button.focus();
  });

  // Render a category once it comes within a screen of the visible part.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-observe when the placeholders change
  useEffect(() => {
    const root = scroller.current;
    if (!root) return;
    if (typeof IntersectionObserver === 'undefined') {
      setMounted(new Set(categories.map((c) => c.id).concat(RECENT_ID)));
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        const near = entries
          .filter((e) => e.isIntersecting)
          .map((e) => (e.target as HTMLElement).dataset.placeholder ?? '');
        if (near.length > 0) setMounted((before) => new Set([...before, ...near]));
      },
      { root, rootMargin: '100% 0px' },
    );
    for (const placeholder of root.querySelectorAll('[data-placeholder]')) observer.observe(placeholder);
    return () => observer.disconnect();
  }, [mounted, query, categories]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (!target || dialog.current?.contains(target) || anchor?.current?.contains(target)) return;
      onClose('outside');
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [anchor, onClose]);

  const pick = (emoji: string) => {
    const next = pushRecent(recents, emoji);
    recentsCache.set(client, next);
    setRecents(next);
    client.call('prefs.set', { key: RECENT_PREF, value: next }).catch(() => {}); // losing a recent is harmless
    onPick(emoji);
  };

  const moveTo = (to: GridPosition) => {
    const id = sections[to.section]?.id;
    if (!id) return;
    focusPending.current = true;
    setActive({ id, index: to.index });
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const index = Number(target.dataset.index);
    const sectionId = target.closest<HTMLElement>('[data-section]')?.dataset.section;
    const section = sections.findIndex((s) => s.id === sectionId);
    if (section < 0 || !Number.isInteger(index)) return;
    if (event.key === 'Enter') {
      event.preventDefault(); // no second pick by the button's own click
      const emoji = sections[section]?.emojis[index];
      if (emoji) pick(emoji);
    } else if (isGridKey(event.key)) {
      event.preventDefault();
      const sizes = sections.map((s) => s.emojis.length);
      moveTo(moveInGrid(sizes, { section, index }, event.key, EMOJI_COLUMNS));
    }
  };

  const onDialogKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation(); // the composer's own Escape (cancel reply/edit) is not meant
    onClose('escape');
  };

  const onFilterKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'Enter') return;
    event.preventDefault(); // Enter would submit the composer's form
    if (sections.length > 0) moveTo({ section: 0, index: 0 });
  };

  return (
    <div
      ref={dialog}
      role="dialog"
      aria-label="Emoji picker"
      className="emoji-picker"
      aria-describedby={hintId}
      onKeyDown={onDialogKeyDown}
    >
      <input
        type="search"
        className="emoji-filter"
        aria-label="Filter by category"
        placeholder="Filter by category (e.g. food)"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(null);
        }}
        onKeyDown={onFilterKeyDown}
      />
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys among the emoji buttons */}
      <div ref={scroller} className="emoji-scroll" onKeyDown={onGridKeyDown}>
        {sections.length === 0 && <p className="muted">No category matches “{query}”.</p>}
        {sections.map((section, s) => {
          const headingId = `emoji-heading-${section.id}`;
          const rows = Math.ceil(section.emojis.length / EMOJI_COLUMNS);
          return (
            <section key={section.id} aria-labelledby={headingId} data-section={section.id}>
              <h3 id={headingId} className="emoji-heading">
                {section.name}
              </h3>
              {shown(section.id) ? (
                <div className="emoji-grid" style={{ gridTemplateColumns: `repeat(${EMOJI_COLUMNS}, ${CELL_PX}px)` }}>
                  {section.emojis.map((emoji, i) => (
                    <button
                      key={emoji}
                      type="button"
                      className="emoji-cell"
                      data-index={i}
                      tabIndex={position?.section === s && position.index === i ? 0 : -1}
                      onClick={() => pick(emoji)}
                    >
                      {emoji}
                    </button>
                  ))}
                </div>
              ) : (
                <div data-placeholder={section.id} style={{ height: rows * CELL_PX }} />
              )}
            </section>
          );
        })}
      </div>
      <p id={hintId} className="visually-hidden">
        Arrow keys move, Enter inserts, Escape closes. Recently used keeps your last {MAX_RECENT}.
      </p>
    </div>
  );
}

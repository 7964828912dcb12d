import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Api, api, type JsonValue } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { EMOJI_COLUMNS, EmojiPicker } from './EmojiPicker.tsx';
import { emojiCategories, MAX_RECENT, RECENT_PREF } from './emoji-catalog.ts';

/** An IntersectionObserver the test drives: nothing is "near" until `reveal` says so. */
class FakeObserver {
  static all: FakeObserver[] = [];
  targets: Element[] = [];
  readonly callback: IntersectionObserverCallback;
  constructor(callback: IntersectionObserverCallback) {
    this.callback = callback;
    FakeObserver.all.push(this);
  }
  observe(target: Element) {
    this.targets.push(target);
  }
  disconnect() {
    FakeObserver.all = FakeObserver.all.filter((o) => o !== this);
  }
  static reveal(id: string) {
    for (const observer of [...FakeObserver.all]) {
      const target = observer.targets.find((t) => (t as HTMLElement).dataset.placeholder === id);
      if (target) {
        observer.callback(
          [{ target, isIntersecting: true } as unknown as IntersectionObserverEntry],
          observer as never,
        );
      }
    }
  }
}

beforeEach(() => {
  FakeObserver.all = [];
  vi.stubGlobal('IntersectionObserver', FakeObserver);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function fakeCore(stored: JsonValue | null = null) {
  const prefs = new Map<string, JsonValue>();
  if (stored !== null) prefs.set(RECENT_PREF, stored);
  const saves: JsonValue[] = [];
  const handlers = partialHandlers(api, {
    'prefs.get': ({ key }) => (prefs.has(key) ? { key, value: prefs.get(key) as JsonValue, updatedAt: 0 } : null),
    'prefs.set': ({ key, value }) => {
      prefs.set(key, value);
      saves.push(value);
      return { key, value, updatedAt: 0 };
    },
  });
  const [coreEnd, uiEnd] = createChannelPair();
  new RpcServer(api, handlers).attach(coreEnd);
  return { client: new RpcClient<Api>(uiEnd), saves, prefs };
}

function setup(stored: JsonValue | null = null) {
  const core = fakeCore(stored);
  const onPick = vi.fn();
  const onClose = vi.fn();
  render(<EmojiPicker client={core.client} onPick={onPick} onClose={onClose} />);
  return { ...core, onPick, onClose, dialog: screen.getByRole('dialog', { name: 'Emoji picker' }) };
}

const people = emojiCategories()[0]?.emojis ?? [];
/** A key on the focused element, with React's updates and effects (the focus moves) flushed. */
const key = (k: string) =>
  act(async () => {
    fireEvent.keyDown(document.activeElement as Element, { key: k });
  });

describe('EmojiPicker', () => {
  it('opens as a labelled dialog with the first emoji focused and the categories named', () => {
    const { dialog } = setup();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: '😀' }));
    const groups = within(dialog)
      .getAllByRole('region')
      .map((r) => r.getAttribute('aria-labelledby'));
    expect(groups).toHaveLength(8);
    expect(within(dialog).getByRole('region', { name: 'Food & drink' })).toBeTruthy();
  });

  it('renders only the first category until the others come near', () => {
    const { dialog } = setup();
    expect(within(dialog).getAllByRole('button')).toHaveLength(people.length);
    const food = within(dialog).getByRole('region', { name: 'Food & drink' });
    expect(within(food).queryByRole('button')).toBeNull();
    act(() => FakeObserver.reveal('food'));
    expect(within(food).getByRole('button', { name: '🍇' })).toBeTruthy();
  });

  it('moves with the arrow keys in rows of the grid, one emoji in the tab order', async () => {
    setup();
    await key('ArrowRight');
    expect(document.activeElement?.textContent).toBe(people[1]);
    await key('ArrowDown');
    expect(document.activeElement?.textContent).toBe(people[1 + EMOJI_COLUMNS]);
    await key('ArrowLeft');
    await key('ArrowUp');
    expect(document.activeElement?.textContent).toBe(people[0]);
    expect(document.activeElement?.getAttribute('tabindex')).toBe('0');
    expect(screen.getByRole('button', { name: people[1] }).getAttribute('tabindex')).toBe('-1');
  });

  it('renders and focuses the next category when the keys cross into it', async () => {
    const { dialog } = setup();
    await key('PageDown');
    const nature = within(dialog).getByRole('region', { name: 'Animals & nature' });
    expect(document.activeElement).toBe(within(nature).getByRole('button', { name: '🐵' }));
  });

  it('Enter picks the focused emoji and saves it first in the recents', async () => {
    const { onPick, saves } = setup(['🐵', '😀']);
    await screen.findByRole('region', { name: 'Recently used' });
    // The recents arrived after opening: the focus stayed where it was.
    expect(document.activeElement?.closest('section')?.dataset.section).toBe('people');
    await key('ArrowRight');
    await key('Enter');
    expect(onPick).toHaveBeenCalledExactlyOnceWith(people[1]);
    await waitFor(() => expect(saves).toEqual([[people[1], '🐵', '😀']]));
  });

  it('shows the stored recents first and keeps at most 24', async () => {
    const stored = people.slice(0, MAX_RECENT);
    const { dialog, saves } = setup(stored);
    const recent = await within(dialog).findByRole('region', { name: 'Recently used' });
    expect(
      within(recent)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(stored);
    fireEvent.click(within(dialog).getByRole('button', { name: people[30] }) as HTMLElement);
    await waitFor(() => expect(saves).toHaveLength(1));
    expect(saves[0]).toEqual([people[30], ...stored.slice(0, MAX_RECENT - 1)]);
  });

  it('Escape closes; a press outside closes too', async () => {
    const { onClose } = setup();
    await key('Escape');
    expect(onClose).toHaveBeenLastCalledWith('escape');
    fireEvent.pointerDown(document.body);
    expect(onClose).toHaveBeenLastCalledWith('outside');
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('filters by category name, and ArrowDown goes from the filter to the grid', () => {
    const { dialog } = setup();
    const filter = within(dialog).getByRole('searchbox', { name: 'Filter by category' });
    fireEvent.change(filter, { target: { value: 'food' } });
    expect(
      within(dialog)
        .getAllByRole('region')
        .map((r) => r.textContent?.slice(0, 12)),
    ).toEqual(['Food & drink']);
    filter.focus();
    fireEvent.keyDown(filter, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('🍇');
    fireEvent.change(filter, { target: { value: 'zebra' } });
    expect(within(dialog).getByText(/No category matches/)).toBeTruthy();
  });
});

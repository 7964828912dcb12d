import { memo, type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MessageView } from '../../../shared/api.ts';
import { estimateRowHeight, firstUnreadId, type MessageRow, RowBuilder } from './message-rows.ts';
import {
  type Anchor,
  anchorAt,
  bottomScrollTop,
  isAtBottom,
  RowLayout,
  scrollTopFor,
  visibleRange,
} from './message-window.ts';

/**
 * Rendered beyond each edge of the viewport, so a fast scroll does not show blank space. The
 * benchmark's baseline build (VITE_UNWINDOWED_MESSAGES=1) renders every loaded row instead.
 */
const OVERSCAN_PX = import.meta.env.VITE_UNWINDOWED_MESSAGES === '1' ? Number.POSITIVE_INFINITY : 800;
/** Older pages are asked for this far before the reader reaches the top. */
const LOAD_AHEAD_PX = 1500;
/** Synchronous re-renders for new measurements before one is left to the next frame. */
const MAX_PASSES_PER_FRAME = 8;
/** Before the first layout (and where there is none, as in jsdom). */
const FALLBACK_VIEWPORT_PX = 600;

/**
 * Where the list holds its scroll position across renders: at the bottom (new messages follow),
 * at the unread marker (when the chat opens with unread messages), or on the row the reader
 * looks at (older pages and late measurements above it do not move it).
 */
/** Rows that keep their place among the messages (see anchorAt). */
const holdsPlace = (key: string) => key !== 'older' && !key.startsWith('day:');

type Pin = { kind: 'bottom' } | { kind: 'unread' } | { kind: 'anchor'; anchor: Anchor };

interface Props {
  /** Oldest first. */
  messages: readonly MessageView[];
  /** No older pages remain. */
  complete: boolean;
  loading: boolean;
  loadOlder: () => unknown;
  /** How many messages were unread when the chat was opened. */
  unreadCount: number;
  /** One message's `<li>` (MessageBubble). */
  renderMessage: (message: MessageView) => ReactNode;
}

/**
 * The messages of a chat, windowed: only the rows in and near the viewport are in the DOM, the
 * rest is space of measured (or estimated) height, so 10,000 messages cost what 30 do.
 */
export function MessageList({ messages, complete, loading, loadOlder, unreadCount, renderMessage }: Props) {
  const scroller = useRef<HTMLElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const heights = useRef(new Map<string, number>());
  const [, setMeasured] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT_PX);
  const [, setScrolled] = useState(0);
  const [newCount, setNewCount] = useState(0);
  const pin = useRef<Pin>({ kind: 'bottom' });
  // The newest message when the chat opened: the unread marker counts back from it.
  const newestAtOpen = useRef<string | null>(null);
  if (newestAtOpen.current === null && messages.length > 0) {
    newestAtOpen.current = (messages.at(-1) as MessageView).id;
    if (unreadCount > 0) pin.current = { kind: 'unread' };
  }
  const unreadId = useRef<string | null>(null);
  unreadId.current ??= firstUnreadId(messages, unreadCount, newestAtOpen.current, complete);

  // Day labels are relative to today: a list left open past midnight catches up on its next change.
  // Rows and their layout are kept across renders: a change costs what changed (see RowBuilder, RowLayout).
  const builder = useRef<RowBuilder>(null);
  builder.current ??= new RowBuilder();
  const layout = useRef<RowLayout>(null);
  layout.current ??= new RowLayout();
  const rowLayout = layout.current;
  const rows = useMemo(() => {
    const built = (builder.current as RowBuilder).build(messages, {
      unreadId: unreadId.current,
      complete,
      now: Date.now(),
    });
    const keys = built.map((row) => row.key);
    rowLayout.setRows(keys, (i) => heights.current.get(keys[i] as string) ?? estimateRowHeight(built[i] as MessageRow));
    return built;
  }, [messages, complete, rowLayout]);
  const keys = rowLayout.keys;
  const offsets = rowLayout.offsets();
  const indexOf = useCallback((key: string) => rowLayout.indexOf(key), [rowLayout]);

  const targetScrollTop = (): number => {
    const current = pin.current;
    const bottom = bottomScrollTop(offsets, viewport);
    if (current.kind === 'bottom') return bottom;
    if (current.kind === 'unread') {
      const index = rowLayout.indexOf('unread');
      return index < 0 ? bottom : Math.min(bottom, offsets[index] as number);
    }
    return Math.min(bottom, scrollTopFor(current.anchor, indexOf, offsets) ?? scroller.current?.scrollTop ?? 0);
  };
  const top = targetScrollTop();
  const range = visibleRange(offsets, top, viewport, OVERSCAN_PX);

  // Heights of the rendered rows, from the distance between consecutive margin-box tops (so gaps
  // and margins count); the sentinel after the last row closes the last one. Margin-box, not
  // border-box: a row's height must not depend on its neighbour (a day separator's margin would
  // otherwise count in the row above it only while the separator is rendered, and a window edge
  // there would flip between two layouts every frame).
  const marginTops = useRef(new Map<string, number>());
  // `rendered` says which rows the DOM holds now (a resize may be reported before the effects of a new render).
  const rendered = useRef({ keys, start: range.start });
  const passes = useRef(0);
  const measure = useCallback(() => {
    const children = list.current?.children;
    if (!children || children.length < 2) return;
    const { keys: renderedKeys, start } = rendered.current;
    let changed = false;
    const marginTopOf = (element: Element, key: string | undefined): number => {
      if (key === undefined) return 0; // the sentinel: no margin
      let margin = marginTops.current.get(key);
      if (margin === undefined) {
        margin = Number.parseFloat(getComputedStyle(element).marginTop) || 0;
        marginTops.current.set(key, margin);
      }
      return margin;
    };
    let next = children[0] as HTMLElement;
    let nextTop = next.getBoundingClientRect().top - marginTopOf(next, renderedKeys[start]);
    for (let i = 0; i < children.length - 1; i += 1) {
      const key = renderedKeys[start + i];
      const rowTop = nextTop;
      next = children[i + 1] as HTMLElement;
      nextTop =
        next.getBoundingClientRect().top -
        marginTopOf(next, i + 1 < children.length - 1 ? renderedKeys[start + i + 1] : undefined);
      if (key === undefined) continue;
      const height = nextTop - rowTop;
      // Zero: not laid out (hidden, or jsdom); keep the estimate.
      if (height > 0 && Math.abs((heights.current.get(key) ?? -1) - height) > 0.5) {
        heights.current.set(key, height);
        // The layout's rows may be newer than the DOM's (a render not committed yet): by key.
        const index = renderedKeys === layout.current?.keys ? start + i : (layout.current?.indexOf(key) ?? -1);
        layout.current?.setHeight(index, height);
        changed = true;
      }
    }
    if (!changed) return;
    // Normally one or two passes settle (new rows measured, the window shifts a little). Should
    // measurements keep changing, the rest waits for the next frame rather than looping.
    passes.current += 1;
    if (passes.current <= MAX_PASSES_PER_FRAME) setMeasured((n) => n + 1);
    else requestAnimationFrame(() => setMeasured((n) => n + 1));
    if (passes.current === 1)
      requestAnimationFrame(() => {
        passes.current = 0;
      });
  }, []);

  // After every render, before paint: measure, put the scroll position where the pin says,
  // and ask for older pages when close to the top.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    rendered.current = { keys, start: range.start };
    if (Math.abs(element.scrollTop - top) > 1) element.scrollTop = top;
    measure();
    if (top < LOAD_AHEAD_PX && !complete && !loading && messages.length > 0) loadOlder();
  });

  useEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const resized = new ResizeObserver(() => setViewport(element.clientHeight || FALLBACK_VIEWPORT_PX));
    resized.observe(element);
    return () => resized.disconnect();
  }, []);

  // Rows change height after their first paint (pictures load, the action bar shows on hover).
  useEffect(() => {
    const element = list.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const rowsResized = new ResizeObserver(() => measure());
    for (const child of Array.from(element.children)) rowsResized.observe(child);
    return () => rowsResized.disconnect();
  });

  // New messages at the end: followed when at the bottom (or when we sent them), counted otherwise.
  const lastId = useRef<string | null>(null);
  useEffect(() => {
    const previous = lastId.current;
    lastId.current = messages.at(-1)?.id ?? null;
    if (previous === null || previous === lastId.current) return;
    const at = messages.findIndex((m) => m.id === previous);
    if (at < 0) return;
    const added = messages.slice(at + 1);
    if (added.some((m) => m.outgoing)) {
      pin.current = { kind: 'bottom' };
      setNewCount(0);
      setScrolled((n) => n + 1);
    } else if (pin.current.kind !== 'bottom') {
      setNewCount((n) => n + added.length);
    }
  }, [messages]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const scrollTop = element.scrollTop;
    // Our own correction lands where the pin already is: nothing the reader did.
    if (Math.abs(scrollTop - top) <= 1) return;
    // A tight slack: a smooth scroll's first small step up must not snap back to the bottom.
    if (isAtBottom(offsets, scrollTop, viewport, 2)) {
      pin.current = { kind: 'bottom' };
      setNewCount(0);
    } else {
      pin.current = {
        kind: 'anchor',
        anchor: anchorAt(keys, offsets, scrollTop, holdsPlace) ?? { key: '', delta: scrollTop },
      };
    }
    setScrolled((n) => n + 1);
  };

  const jumpToLatest = () => {
    pin.current = { kind: 'bottom' };
    setNewCount(0);
    setScrolled((n) => n + 1);
  };

  const total = offsets[offsets.length - 1] as number;
  const shown = rows.slice(range.start, range.end);
  const showJump =
    pin.current.kind !== 'bottom' && (newCount > 0 || bottomScrollTop(offsets, viewport) - top > viewport);
  return (
    <div className="message-pane">
      {/* Focusable so the keyboard scrolls it (arrows, Page Up/Down, Home/End). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section className="message-log" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label="Message history">
        <ol
          className="message-rows"
          ref={list}
          aria-label="Messages"
          aria-busy={loading}
          style={{
            paddingTop: offsets[range.start] as number,
            paddingBottom: total - (offsets[range.end] as number),
          }}
        >
          {shown.map((row) => (
            <Row
              key={row.key}
              row={row}
              render={renderMessage}
              loading={row.kind === 'older' && loading}
              loadOlder={loadOlder}
            />
          ))}
          <li className="row-end" aria-hidden="true" />
        </ol>
      </section>
      {showJump && (
        <button
          type="button"
          className="jump-latest"
          onClick={jumpToLatest}
          aria-label={newCount > 0 ? `Jump to latest, ${newCount} new` : 'Jump to latest'}
        >
          Jump to latest{newCount > 0 && <span className="jump-count">{newCount}</span>}
        </button>
      )}
    </div>
  );
}

/** Memoised: scrolling renders only the rows that enter the window. */
const Row = memo(function Row({
  row,
  render,
  loading,
  loadOlder,
}: {
  row: MessageRow;
  render: (message: MessageView) => ReactNode;
  loading: boolean;
  loadOlder: () => unknown;
}) {
  switch (row.kind) {
    case 'message':
      return render(row.message);
    case 'day':
      return <li className="day">{row.label}</li>;
    case 'unread':
      return (
        <li className="unread-marker" data-testid="unread-marker">
          New messages
        </li>
      );
    case 'older':
      return (
        <li className="load-older">
          <button type="button" className="link" onClick={() => void loadOlder()} disabled={loading}>
            {loading ? 'Loading…' : 'Load older messages'}
          </button>
        </li>
      );
  }
});

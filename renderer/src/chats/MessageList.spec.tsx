import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../../../shared/api.ts';
import { messageView } from '../test/fixtures.ts';
import { MessageList } from './MessageList.tsx';

afterEach(cleanup);

function message(i: number, overrides: Partial<MessageView> = {}): MessageView {
  return messageView({
    id: `m${i}`,
    text: `message ${i}`,
    clock: i,
    timestamp: Date.now() - 100_000 + i,
    outgoing: i % 3 === 0,
    ...overrides,
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => message(from + i));

function list(messages: MessageView[], unreadCount = 0) {
  return (
    <MessageList
      messages={messages}
      complete
      loading={false}
      loadOlder={() => {}}
      unreadCount={unreadCount}
      renderMessage={(m) => <li data-testid="message">{m.text}</li>}
    />
  );
}

const shownTexts = () => screen.getAllByTestId('message').map((li) => li.textContent);
const log = () => screen.getByRole('region', { name: 'Message history' });

describe('MessageList', () => {
  it('is a named list in a keyboard-reachable scroller, and opens at the bottom with only a window of rows', () => {
    render(list(range(0, 500)));
    expect(screen.getByRole('list', { name: 'Messages' })).toBeTruthy();
    expect(log().tabIndex).toBe(0);
    const texts = shownTexts();
    expect(texts.at(-1)).toBe('message 499');
    expect(texts.length).toBeLessThan(60);
    expect(log().scrollTop).toBeGreaterThan(0);
  });

  it('marks the first message unread at opening with "New messages"', () => {
    // Incoming among the last ones: 499, 497, 496 (multiples of 3 are ours).
    render(list(range(0, 500), 3));
    const marker = screen.getByTestId('unread-marker');
    expect(marker.textContent).toBe('New messages');
    expect(marker.nextElementSibling?.textContent).toBe('message 496');
    // A message arriving afterwards does not move it.
    cleanup();
    const { rerender } = render(list(range(0, 500), 3));
    rerender(list(range(0, 501), 3));
    expect(screen.getByTestId('unread-marker').nextElementSibling?.textContent).toBe('message 496');
  });

  it('follows new messages while at the bottom', () => {
    const { rerender } = render(list(range(0, 200)));
    const before = log().scrollTop;
    rerender(list(range(0, 201)));
    expect(shownTexts().at(-1)).toBe('message 200');
    expect(log().scrollTop).toBeGreaterThan(before);
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
  });

  it('scrolled up, counts new messages on a "Jump to latest" button that goes back to the bottom', async () => {
    const { rerender } = render(list(range(0, 200)));
    const bottom = log().scrollTop;
    await act(async () => {
      log().scrollTop = 1000;
      fireEvent.scroll(log());
    });
    expect(shownTexts()).not.toContain('message 199');
    // Two from them (not multiples of 3), then one more.
    rerender(list(range(0, 202).map((m, i) => (i >= 200 ? { ...m, outgoing: false } : m))));
    rerender(list(range(0, 203).map((m, i) => (i >= 200 ? { ...m, outgoing: false } : m))));
    expect(log().scrollTop).toBe(1000);
    const jump = screen.getByRole('button', { name: 'Jump to latest, 3 new' });
    expect(within(jump).getByText('3')).toBeTruthy();
    await act(async () => {
      fireEvent.click(jump);
    });
    expect(shownTexts().at(-1)).toBe('message 202');
    expect(log().scrollTop).toBeGreaterThan(bottom);
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
  });

  it('goes to the bottom when we send, even scrolled up', async () => {
    const { rerender } = render(list(range(0, 200)));
    await act(async () => {
      log().scrollTop = 1000;
      fireEvent.scroll(log());
    });
    rerender(list([...range(0, 200), message(200, { outgoing: true, text: 'mine' })]));
    expect(shownTexts().at(-1)).toBe('mine');
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
  });

  it('measures rows independently of their neighbours: a window edge at a day separator settles', async () => {
    // A flex column as in the stylesheet: 6 px gaps, day separators 20 px high with 8 px margins, messages 50 px.
    const GAP = 6;
    const box = (el: Element) =>
      el.classList.contains('day')
        ? { margin: 8, height: 20 }
        : { margin: 0, height: el.classList.contains('row-end') ? 0 : 50 };
    const rect = vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const parent = this.parentElement as HTMLElement;
      let top = Number.parseFloat(parent.style.paddingTop) || 0;
      for (const sibling of Array.from(parent.children)) {
        const { margin, height } = box(sibling);
        if (sibling === this) return { top: top + margin, height } as DOMRect;
        top += margin + height + margin + GAP;
      }
      return { top: 0, height: 0 } as DOMRect;
    });
    const realStyle = window.getComputedStyle;
    const style = vi
      .spyOn(window, 'getComputedStyle')
      .mockImplementation((el: Element) =>
        el.parentElement?.classList.contains('message-rows')
          ? ({ marginTop: `${box(el).margin}px` } as CSSStyleDeclaration)
          : realStyle(el),
      );
    try {
      // A new day every 7 messages.
      const messages = Array.from({ length: 300 }, (_, i) =>
        message(i, { timestamp: Date.now() - (300 - i) * 12_345_678 }),
      );
      render(list(messages));
      const rows = screen.getByRole('list', { name: 'Messages' }) as HTMLElement;
      const frame = () => act(() => new Promise((resolve) => setTimeout(resolve, 25)));
      await frame();
      for (let y = log().scrollTop; y > 0; y -= 131) {
        await act(async () => {
          log().scrollTop = y;
          fireEvent.scroll(log());
        });
        await frame();
        const settled = `${rows.style.paddingTop} ${rows.style.paddingBottom} ${log().scrollTop}`;
        await frame();
        // Measurements settle: no flip between two layouts, and the reader's scroll is not taken back.
        expect(`${rows.style.paddingTop} ${rows.style.paddingBottom} ${log().scrollTop}`).toBe(settled);
      }
      expect(shownTexts()[0]).toBe('message 0');
    } finally {
      rect.mockRestore();
      style.mockRestore();
    }
  }, 30_000);
});

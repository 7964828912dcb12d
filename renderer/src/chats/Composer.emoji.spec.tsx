import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Api, api, type JsonValue, type MessageView } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { Composer } from './Composer.tsx';
import { RECENT_PREF } from './emoji-catalog.ts';

const CHAT = `0x04${'ab'.repeat(64)}`;

// No IntersectionObserver reports anything: only the first category renders (fast, and enough here).
beforeEach(() => {
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      observe() {}
      disconnect() {}
    },
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function setup() {
  const prefs = new Map<string, JsonValue>();
  const sent: string[] = [];
  const handlers = partialHandlers(api, {
    'prefs.get': ({ key }) => (prefs.has(key) ? { key, value: prefs.get(key) as JsonValue, updatedAt: 0 } : null),
    'prefs.set': ({ key, value }) => {
      prefs.set(key, value);
      return { key, value, updatedAt: 0 };
    },
    'messages.sendText': ({ text }) => {
      sent.push(text);
      return { id: '0x02' } as MessageView;
    },
  });
  const [coreEnd, uiEnd] = createChannelPair();
  new RpcServer(api, handlers).attach(coreEnd);
  render(<Composer client={new RpcClient<Api>(uiEnd)} chatId={CHAT} mode={{ kind: 'new' }} onModeChange={() => {}} />);
  return { prefs, sent, textBox: screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement };
}

const press = (k: string) =>
  act(async () => {
    fireEvent.keyDown(document.activeElement as Element, { key: k });
  });

describe('Composer with the emoji picker', () => {
  it('inserts the chosen emoji at the caret, closes, and puts the caret after it', async () => {
    const { textBox, prefs, sent } = setup();
    fireEvent.change(textBox, { target: { value: 'Hello world' } });
    textBox.setSelectionRange(5, 5);
    const toggle = screen.getByRole('button', { name: 'Emoji' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('dialog', { name: 'Emoji picker' })).toBeTruthy();
    await press('ArrowRight'); // 😃
    await press('Enter');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(textBox.value).toBe('Hello😃 world');
    expect(document.activeElement).toBe(textBox);
    expect([textBox.selectionStart, textBox.selectionEnd]).toEqual([7, 7]);
    await waitFor(() => expect(prefs.get(RECENT_PREF)).toEqual(['😃']));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    });
    await waitFor(() => expect(sent).toEqual(['Hello😃 world']));
  });

  it('replaces the selected text', async () => {
    const { textBox } = setup();
    fireEvent.change(textBox, { target: { value: 'I am sad' } });
    textBox.setSelectionRange(5, 8);
    fireEvent.click(screen.getByRole('button', { name: 'Emoji' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '😀' }));
    });
    expect(textBox.value).toBe('I am 😀');
  });

  it('Escape closes the picker and gives the focus back to the text box, keeping the draft', async () => {
    const { textBox } = setup();
    fireEvent.change(textBox, { target: { value: 'draft' } });
    fireEvent.click(screen.getByRole('button', { name: 'Emoji' }));
    expect(document.activeElement?.closest('[role="dialog"]')).toBeTruthy();
    await press('Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(textBox);
    expect(textBox.value).toBe('draft');
  });

  it('the Emoji button toggles the picker closed', () => {
    setup();
    const toggle = screen.getByRole('button', { name: 'Emoji' });
    fireEvent.click(toggle);
    fireEvent.pointerDown(toggle);
    fireEvent.click(toggle);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

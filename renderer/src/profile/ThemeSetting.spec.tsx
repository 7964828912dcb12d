import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, api, type JsonValue } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { applyTheme, resolveTheme, THEME_PREF, useTheme } from '../shell/theme.ts';
import { ThemeSetting } from './ThemeSetting.tsx';

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

function fakeCore(initial: JsonValue | null) {
  const prefs = new Map<string, JsonValue>();
  const reads: string[] = [];
  if (initial !== null) prefs.set(THEME_PREF, initial);
  const handlers = partialHandlers(api, {
    'prefs.get': ({ key }) => {
      reads.push(key);
      return prefs.has(key) ? { key, value: prefs.get(key) as JsonValue, updatedAt: 0 } : null;
    },
    'prefs.set': ({ key, value }) => {
      prefs.set(key, value);
      return { key, value, updatedAt: 0 };
    },
  });
  const [coreEnd, rendererEnd] = createChannelPair();
  new RpcServer(api, handlers).attach(coreEnd);
  return { prefs, reads, client: new RpcClient<Api>(rendererEnd) };
}

function Harness({ client }: { client: RpcClient<Api> }) {
  const theme = useTheme(client);
  return (
    <>
      <ThemeSetting theme={theme} />
      <button type="button" onClick={() => void theme.toggle()}>
        toggle
      </button>
    </>
  );
}

describe('ThemeSetting', () => {
  it('loads the saved choice and applies it to <html>', async () => {
    const { client } = fakeCore('dark');
    render(<Harness client={client} />);
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Dark' })).toHaveProperty('checked', true));
    // Applied in an effect after the render that checks the radio.
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
  });

  it('defaults to System, and saves a new choice with prefs.set', async () => {
    const { client, prefs } = fakeCore(null);
    render(<Harness client={client} />);
    expect(screen.getByRole('radio', { name: 'System' })).toHaveProperty('checked', true);
    expect(document.documentElement.dataset.theme).toBe('light');
    await act(async () => {
      fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    });
    expect(document.documentElement.dataset.theme).toBe('dark');
    await waitFor(() => expect(prefs.get(THEME_PREF)).toBe('dark'));
  });

  it('ignores a stored value that is not a theme', async () => {
    const { client, reads } = fakeCore({ evil: true });
    render(<Harness client={client} />);
    await waitFor(() => expect(reads).toEqual([THEME_PREF]));
    await act(async () => {});
    expect(screen.getByRole('radio', { name: 'System' })).toHaveProperty('checked', true);
  });

  it('toggle (the menu command) flips what is on screen and saves it', async () => {
    const { client, prefs } = fakeCore('light');
    render(<Harness client={client} />);
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Light' })).toHaveProperty('checked', true));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'toggle' }));
    });
    expect(document.documentElement.dataset.theme).toBe('dark');
    await waitFor(() => expect(prefs.get(THEME_PREF)).toBe('dark'));
  });
});

describe('applyTheme', () => {
  it('follows the OS preference for System, live', () => {
    const listeners = new Set<() => void>();
    const query = {
      matches: true,
      addEventListener: (_: string, l: () => void) => listeners.add(l),
      removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    };
    const target = { document, matchMedia: () => query } as unknown as Window;
    const stop = applyTheme('system', target);
    expect(document.documentElement.dataset.theme).toBe('dark');
    query.matches = false;
    for (const l of listeners) l();
    expect(document.documentElement.dataset.theme).toBe('light');
    stop();
    expect(listeners.size).toBe(0);
    expect(resolveTheme('light', true)).toBe('light');
  });
});

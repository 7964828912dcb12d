import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, api, type SyncProgress } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { SyncProgressBar } from './SyncProgressBar.tsx';

afterEach(cleanup);

function fakeCore() {
  const server = new RpcServer(api, partialHandlers(api, { 'chats.markRead': () => ({ marked: 0 }) }));
  const [coreEnd, uiEnd] = createChannelPair();
  server.attach(coreEnd);
  const client = new RpcClient<Api>(uiEnd);
  /** Emits, then waits for a round trip so the events have been delivered and rendered. */
  const emit = async (...events: Partial<SyncProgress>[]) => {
    await act(async () => {
      for (const event of events) server.emit('sync.progress', progress(event));
      await client.call('chats.markRead', { chatId: 'x'.repeat(10) });
    });
  };
  return { client, emit };
}

const progress = (p: Partial<SyncProgress>): SyncProgress => ({
  phase: 'started',
  reason: 'start',
  fetched: 0,
  topicsDone: 0,
  topicsTotal: 5,
  from: 0,
  to: 1,
  ...p,
});

const bar = () => screen.queryByRole('progressbar', { name: 'History sync' });

describe('SyncProgressBar', () => {
  it('shows progress while fetching, with counts, and hides when done', async () => {
    const { client, emit } = fakeCore();
    render(<SyncProgressBar client={client} />);
    await emit({ phase: 'started' });
    expect(bar()).toBeNull(); // Not yet: quick syncs never flash.
    await emit({ phase: 'fetching', fetched: 120, topicsDone: 3 });
    expect(screen.getByRole('status').textContent).toBe('Fetching history… 120 messages, 3/5 topics');
    expect(bar()?.getAttribute('value')).toBe('3');
    expect(bar()?.getAttribute('max')).toBe('5');
    await emit({ phase: 'fetching', fetched: 121, topicsDone: 4 });
    expect(screen.getByRole('status').textContent).toBe('Fetching history… 121 messages, 4/5 topics');
    await emit({ phase: 'done', fetched: 121, topicsDone: 5, ms: 900 });
    expect(bar()).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('a quick periodic sync that fetches nothing shows nothing', async () => {
    const { client, emit } = fakeCore();
    render(<SyncProgressBar client={client} />);
    await emit({ phase: 'started', reason: 'periodic' }, { phase: 'done', reason: 'periodic', ms: 40 });
    expect(bar()).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a sync that takes a while shows even before it fetched anything', async () => {
    const { client, emit } = fakeCore();
    render(<SyncProgressBar client={client} showAfterMs={50} />);
    await emit({ phase: 'started', reason: 'online', topicsTotal: 0 });
    expect(bar()).toBeNull();
    expect((await screen.findByRole('status')).textContent).toBe('Fetching history…');
    expect(bar()?.hasAttribute('value')).toBe(false); // Indeterminate without topics.
  });

  it('on failure: a dismissible notice with the error that says it retries; a later success clears it', async () => {
    const { client, emit } = fakeCore();
    render(<SyncProgressBar client={client} />);
    await emit({ phase: 'started' }, { phase: 'fetching', fetched: 3 }, { phase: 'failed', error: 'store timed out' });
    expect(bar()).toBeNull();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('store timed out');
    expect(alert.textContent).toContain('retry');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss sync error' }));
    expect(screen.queryByRole('alert')).toBeNull();

    await emit({ phase: 'failed', reason: 'retry', error: 'again' });
    expect(screen.getByRole('alert').textContent).toContain('again');
    await emit({ phase: 'started', reason: 'retry' }, { phase: 'done', reason: 'retry' });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeInfo, NodeMode, NodeStats } from '../../../shared/api.ts';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { connectedCore } from '../test/fake-core.ts';
import { nodeInfo } from '../test/node-fixtures.ts';
import { NodeDashboard } from './NodeDashboard.tsx';

afterEach(cleanup);

const info = nodeInfo();

const stats = (mode: NodeMode, peers: number): NodeStats => ({
  mode,
  peerId: info.peerId,
  connections: peers,
  peers,
  relay: { subscriptions: [], meshPeers: {} },
  protocols: {},
});

/** A fake core whose node.setMode answers when the test says so. */
function fakeCore(options: { lightPeers?: number } = {}) {
  const calls: NodeMode[] = [];
  let mode: NodeMode = 'full';
  let answer: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const { client } = connectedCore({
    'node.stats': () => stats(mode, mode === 'light' ? (options.lightPeers ?? 1) : 2),
    'node.peers': () => [],
    'node.setMode': ({ mode: next }) => {
      calls.push(next);
      return new Promise<NodeInfo>((resolve, reject) => {
        answer = {
          resolve: () => {
            mode = next;
            resolve({ ...info, mode: next, listenAddresses: next === 'light' ? [] : info.listenAddresses });
          },
          reject,
        };
      });
    },
  });
  return {
    client,
    calls,
    succeed: () => answer?.resolve(),
    fail: (error: Error) => answer?.reject(error),
  };
}

describe('ModeSwitch in the node dashboard', () => {
  it('offers Full and Light with an explanation, full checked', () => {
    const { client } = fakeCore();
    render(<NodeDashboard client={client} info={info} />);
    const full = screen.getByRole('radio', { name: 'Full' }) as HTMLInputElement;
    const light = screen.getByRole('radio', { name: 'Light' }) as HTMLInputElement;
    expect(screen.getByRole('group', { name: 'Node mode' })).toBeTruthy();
    expect(full.checked).toBe(true);
    expect(light.checked).toBe(false);
    expect(full.getAttribute('aria-describedby')).toBe('node-mode-full');
    expect(document.getElementById('node-mode-full')?.textContent).toMatch(/serves light clients.*more bandwidth/);
    expect(document.getElementById('node-mode-light')?.textContent).toMatch(/service peers/);
  });

  it('says it is switching, then shows the new mode, and reports it up', async () => {
    const { client, calls, succeed } = fakeCore();
    const seen: NodeInfo[] = [];
    render(<NodeDashboard client={client} info={info} onInfoChanged={(next) => seen.push(next)} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Light' }));
    expect(await screen.findByText('Switching to light mode…')).toBeTruthy();
    expect((screen.getByRole('group', { name: 'Node mode' }) as HTMLFieldSetElement).disabled).toBe(true);
    expect(calls).toEqual(['light']);
    succeed();
    expect(await screen.findByText('The node now runs in light mode.')).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'Light' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByText('Switching to light mode…')).toBeNull();
    expect(seen.map((next) => next.mode)).toEqual(['light']);
  });

  it('says when light mode has no service peer yet', async () => {
    const { client, succeed } = fakeCore({ lightPeers: 0 });
    render(<NodeDashboard client={client} info={info} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Light' }));
    await screen.findByText('Switching to light mode…');
    succeed();
    expect(await screen.findByText(/light mode\. No service peer is ready yet; the node keeps trying\./)).toBeTruthy();
  });

  it('shows a clear error and keeps the previous mode checked when the switch fails', async () => {
    const { client, fail } = fakeCore();
    render(<NodeDashboard client={client} info={info} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Light' }));
    await screen.findByText('Switching to light mode…');
    fail(
      new RpcError(RpcErrorCode.Internal, 'could not switch to light mode: boom; the node runs in full mode again', {
        reason: 'SWITCH_FAILED',
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not switch to light mode: boom; the node runs in full mode again');
    expect((screen.getByRole('radio', { name: 'Full' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('group', { name: 'Node mode' }) as HTMLFieldSetElement).disabled).toBe(false);
  });

  it('prefixes errors that do not say what failed', async () => {
    const { client, fail } = fakeCore();
    render(<NodeDashboard client={client} info={info} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Light' }));
    await screen.findByText('Switching to light mode…');
    fail(new RpcError(RpcErrorCode.Conflict, 'the node is already switching to light mode', { reason: 'SWITCHING' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not switch to light mode: The node is already switching to light mode',
    );
  });
});

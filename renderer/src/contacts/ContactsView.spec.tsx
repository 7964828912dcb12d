import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, api, type ContactView, type PublicIdentity } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { ContactsView } from './ContactsView.tsx';

afterEach(cleanup);

const KEY = 'zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB';
const IDENTITY: PublicIdentity = {
  publicKey: `0x04${'ab'.repeat(64)}`,
  compressedKey: `0x02${'ab'.repeat(32)}`,
  chatKey: KEY,
  alias: 'Hard Tame Brownbutterfly',
  emojiHash: ['😀', '🙂'],
  colorHash: [[1, 2]],
  colorId: 3,
} as PublicIdentity;

function fakeCore() {
  const previewed: string[] = [];
  const handlers = partialHandlers(api, {
    'contacts.preview': ({ key }) => {
      previewed.push(key);
      return IDENTITY;
    },
  });
  const [coreEnd, rendererEnd] = createChannelPair();
  new RpcServer(api, handlers).attach(coreEnd);
  return { previewed, client: new RpcClient<Api>(rendererEnd) };
}

describe('ContactsView with a key from a link', () => {
  it('prefills the key, previews who it is and focuses the introduction', async () => {
    const { client, previewed } = fakeCore();
    render(<ContactsView client={client} contacts={[]} onChanged={() => {}} onOpenChat={() => {}} initialKey={KEY} />);
    expect(screen.getByLabelText('Their chat key')).toHaveProperty('value', KEY);
    expect(document.activeElement).toBe(screen.getByLabelText('Introduce yourself'));
    const preview = await screen.findByRole('region', { name: 'Linked profile' });
    expect(preview.textContent).toContain('Hard Tame Brownbutterfly');
    expect(preview.textContent).toContain(KEY);
    expect(previewed).toEqual([KEY]);
  });

  it('without a key: empty field, no preview, no preview request', async () => {
    const { client, previewed } = fakeCore();
    render(<ContactsView client={client} contacts={[]} onChanged={() => {}} onOpenChat={() => {}} />);
    expect(screen.getByLabelText('Their chat key')).toHaveProperty('value', '');
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Linked profile' })).toBeNull());
    expect(previewed).toEqual([]);
  });
});

describe('nicknames', () => {
  const bob: ContactView = {
    ...IDENTITY,
    displayName: 'Bob Builder',
    nickname: null,
    state: 'mutual',
    requestMessage: null,
    online: false,
    lastSeen: null,
  };

  function withNicknames() {
    const calls: Array<{ key: string; nickname: string }> = [];
    const handlers = partialHandlers(api, {
      'contacts.setNickname': ({ key, nickname }) => {
        calls.push({ key, nickname });
        return { ...bob, nickname: nickname || null };
      },
    });
    const [coreEnd, rendererEnd] = createChannelPair();
    new RpcServer(api, handlers).attach(coreEnd);
    return { calls, client: new RpcClient<Api>(rendererEnd) };
  }

  it('sets a nickname: sent trimmed, and the row then shows it first with their own name below', async () => {
    const { client, calls } = withNicknames();
    const changed: ContactView[] = [];
    const { rerender } = render(
      <ContactsView client={client} contacts={[bob]} onChanged={(c) => changed.push(c)} onOpenChat={() => {}} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Set nickname' }));
    const field = screen.getByLabelText('Nickname');
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: '  Bobby  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(changed).toHaveLength(1));
    expect(calls).toEqual([{ key: bob.publicKey, nickname: 'Bobby' }]);
    rerender(<ContactsView client={client} contacts={changed} onChanged={() => {}} onOpenChat={() => {}} />);
    const row = screen.getByRole('listitem', { name: 'Bobby' });
    expect(within(row).getByText('Bob Builder')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Change nickname' })).toBeTruthy();
  });

  it('more than 32 characters cannot be saved; Escape leaves the name as it was', () => {
    const { client, calls } = withNicknames();
    render(<ContactsView client={client} contacts={[bob]} onChanged={() => {}} onOpenChat={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Set nickname' }));
    fireEvent.change(screen.getByLabelText('Nickname'), { target: { value: 'x'.repeat(33) } });
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    expect(screen.getByText('At most 32 characters')).toBeTruthy();
    fireEvent.keyDown(screen.getByLabelText('Nickname'), { key: 'Escape' });
    expect(screen.queryByLabelText('Nickname')).toBeNull();
    expect(calls).toEqual([]);
    expect(screen.getByRole('listitem', { name: 'Bob Builder' })).toBeTruthy();
  });
});

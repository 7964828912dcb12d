import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, api, type PublicIdentity } from '../../../shared/api.ts';
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

// Headless people for chat tests: a core with a fresh account, relay meshing, and becoming
// mutual contacts (a request one way, an accept the other), each step awaited on its event.
import type { AccountSummary, Api, ContactView } from '../../shared/api.ts';
import type { RpcClient } from '../../shared/rpc/client.ts';
import { type HeadlessProcess, startHeadlessProcess } from './headless-process.ts';
import { eventually, nextMatching } from './wait.ts';

export const PASSWORD = 'a long enough password';
export const SLOW = { timeoutMs: 30_000 };
const GLOBAL_SHARD = '/waku/2/rs/16/32';

export interface ChatPerson {
  node: HeadlessProcess;
  client: RpcClient<Api>;
  account: AccountSummary;
}

export async function startPerson(dataDir: string, extraArgs: string[], displayName?: string): Promise<ChatPerson> {
  const node = await startHeadlessProcess(dataDir, extraArgs);
  const client = await node.connect();
  const { account } = await client.call('accounts.create', { password: PASSWORD, displayName }, SLOW);
  return { node, client, account };
}

/** Resolves once the person's relay has a mesh peer on the global shard. */
export function meshed(client: RpcClient<Api>, timeoutMs = 15_000): Promise<true> {
  return eventually(
    async () => (((await client.call('node.stats')).relay.meshPeers[GLOBAL_SHARD] ?? 0) >= 1 ? true : undefined),
    timeoutMs,
    'the relay mesh to form',
  );
}

/** `from` asks, `to` accepts; resolves when `from` sees them mutual. */
export async function becomeContacts(from: ChatPerson, to: ChatPerson, timeoutMs = 20_000): Promise<void> {
  const request = nextMatching<ContactView>(
    (l) => to.client.on('contacts.requestReceived', l),
    (c) => c.publicKey === from.account.publicKey,
    timeoutMs,
    'the contact request to arrive',
  );
  await from.client.call('contacts.sendRequest', { key: to.account.chatKey, message: 'Hi, let us talk' }, SLOW);
  await request;
  const mutual = nextMatching<ContactView>(
    (l) => from.client.on('contacts.updated', l),
    (c) => c.publicKey === to.account.publicKey && c.state === 'mutual',
    timeoutMs,
    'the accept to arrive',
  );
  await to.client.call('contacts.accept', { key: from.account.publicKey }, SLOW);
  await mutual;
}

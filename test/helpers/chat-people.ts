// Headless people for chat tests: a core with a fresh account, relay meshing, and becoming
// mutual contacts (a request one way, an accept the other), each step awaited on its event.
import type { AccountSummary, Api, ContactView } from '../../shared/api.ts';
import type { RpcClient } from '../../shared/rpc/client.ts';
import { type HeadlessProcess, startHeadlessProcess } from './headless-process.ts';
import { tempDir } from './temp-dir.ts';
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

/** The arguments that make a core dial `hub` (its first listen address) as a static node. */
export function dialling(hub: ChatPerson | HeadlessProcess): string[] {
  const node = 'node' in hub ? hub.node : hub;
  return ['--static-node', node.ready.listenAddresses[0] ?? ''];
}

/** Resolves once the core's relay has `peers` mesh peers on the global shard. */
export function meshed(
  client: RpcClient<Api>,
  timeoutMs = 15_000,
  peers = 1,
  what = 'the relay mesh to form',
): Promise<true> {
  return eventually(
    async () => (((await client.call('node.stats')).relay.meshPeers[GLOBAL_SHARD] ?? 0) >= peers ? true : undefined),
    timeoutMs,
    what,
  );
}

/**
 * Headless cores in fresh data directories, with `env` on top of ours (test-only knobs). `stop`
 * stops every core started (restarted ones too) and removes their directories, whatever point
 * the setup reached.
 */
export class ChatPeople {
  readonly #nodes: HeadlessProcess[] = [];
  readonly #dirs: ReturnType<typeof tempDir>[] = [];
  readonly #dirOf = new Map<HeadlessProcess, string>();
  readonly #env: Record<string, string>;

  constructor(env: Record<string, string> = {}) {
    this.#env = env;
  }

  /** A core without an account, on a fresh data directory (or `dataDir`, a stopped one's). */
  async core(extraArgs: string[] = [], dataDir?: string): Promise<HeadlessProcess> {
    let dir = dataDir;
    if (dir === undefined) {
      const fresh = tempDir();
      this.#dirs.push(fresh);
      dir = fresh.dir;
    }
    const node = await startHeadlessProcess(dir, extraArgs, this.#env);
    this.#nodes.push(node);
    this.#dirOf.set(node, dir);
    return node;
  }

  /** A core with a fresh account. */
  async person(displayName?: string, extraArgs: string[] = []): Promise<ChatPerson> {
    const node = await this.core(extraArgs);
    const client = await node.connect();
    const { account } = await client.call('accounts.create', { password: PASSWORD, displayName }, SLOW);
    return { node, client, account };
  }

  /** `p`'s core started again on its data directory (its last run has ended), logged in. */
  async restart(p: ChatPerson, extraArgs: string[] = []): Promise<ChatPerson> {
    const node = await this.core(extraArgs, this.#dirOf.get(p.node));
    const client = await node.connect();
    const restarted = { ...p, node, client };
    await client.call('accounts.login', { keyUid: p.account.keyUid, password: PASSWORD }, SLOW);
    return restarted;
  }

  /** Alice and Bob (Bob dialling Alice), in each other's relay mesh and mutual contacts. */
  async twoContacts(): Promise<[ChatPerson, ChatPerson]> {
    const a = await this.person('Alice Liddell');
    const b = await this.person('Bob Builder', dialling(a));
    await meshed(b.client);
    await becomeContacts(a, b);
    return [a, b];
  }

  async stop(): Promise<void> {
    for (const node of this.#nodes) node.child.kill('SIGTERM');
    await Promise.all(this.#nodes.map((node) => node.exited));
    for (const d of this.#dirs) d.cleanup();
  }
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

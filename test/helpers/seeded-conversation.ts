// A headless core run in this process whose new account already holds long 1:1 chats, for the
// conversation view's e2e test and benchmark. Messages go in through the storage layer's
// repositories the way MessagingService files them (chat upsert + message insert, one
// transaction; unread counts and the chat's last message follow by the schema's triggers):
// sending 10,000 messages through Waku would measure the network, not the view.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startHeadless } from '../../main/cli/headless.ts';
import { parseNodeArgs } from '../../main/core/core-args.ts';
import { createLogger } from '../../main/core/log.ts';
import { DataFile } from '../../main/storage/data-dir.ts';
import { ChatsRepository, ChatType } from '../../main/storage/messenger/chats-repository.ts';
import { MessagesRepository, OutgoingStatus } from '../../main/storage/messenger/messages-repository.ts';
import { ContentType, MessageType } from '../../main/wire/proto.ts';
import type { Api } from '../../shared/api.ts';
import { RpcClient } from '../../shared/rpc/client.ts';
import { createChannelPair } from '../../shared/rpc/transports/in-process.ts';
import { LOOPBACK_WAKU } from './headless-process.ts';

const WORDS =
  'ok sure see you tomorrow the meeting moved to three did you get the file I think so let me check later tonight sounds good thanks a lot can we talk about the release notes first coffee'.split(
    ' ',
  );

export interface SeededChat {
  id: string;
  count: number;
}

export interface SeededCore {
  /** For the renderer's `#ws=…&token=…` address. */
  rpcUrl: string;
  token: string;
  chats: SeededChat[];
  stop: () => Promise<void>;
}

function peerKey(): string {
  return `0x${crypto.createECDH('secp256k1').generateKeys('hex', 'uncompressed')}`;
}

/** Chat-like text: mostly one short line, sometimes a paragraph. */
function text(i: number): string {
  const length = i % 17 === 0 ? 60 : i % 5 === 0 ? 18 : 3 + (i % 9);
  const words: string[] = [];
  for (let w = 0; w < length; w += 1) words.push(WORDS[(i * 7 + w * 13) % WORDS.length] as string);
  return `${words.join(' ')} #${i}`;
}

/**
 * Starts the core (loopback Waku, no discovery, RPC on a free port), creates an account, and
 * files `counts[k]` messages into chat k: runs of ours and theirs, a reply now and then, over
 * about a month of days; the last `unread` incoming ones of each chat are unread.
 */
export async function startSeededCore(dataDir: string, counts: number[], unread = 0): Promise<SeededCore> {
  const args = parseNodeArgs(['--data-dir', dataDir, '--rpc-port', '0', ...LOOPBACK_WAKU], { LOG_LEVEL: 'error' });
  if (!args) throw new Error('unreachable: no --help given');
  const node = await startHeadless(args, createLogger({ level: 'error' }));
  const [coreEnd, uiEnd] = createChannelPair();
  node.core.attach(coreEnd);
  const client = new RpcClient<Api>(uiEnd);
  const { account } = await client.call(
    'accounts.create',
    { password: 'seeded password 1234', displayName: 'Seeded Reader' },
    { timeoutMs: 60_000 },
  );
  const session = node.core.services?.accounts.session;
  if (!session) throw new Error('no session after accounts.create');
  const chatsRepo = new ChatsRepository(session.db);
  const messagesRepo = new MessagesRepository(session.db);
  const now = Date.now();
  const chats: SeededChat[] = [];
  for (const count of counts) {
    const peer = peerKey();
    const spanMs = 30 * 86_400_000;
    session.db.transaction(() => {
      chatsRepo.upsert({ id: peer, type: ChatType.OneToOne, name: peer }, now);
      let previousId: string | null = null;
      let incomingLeft = unread;
      // Newest first, so "the last `unread` incoming" is easy to tell; clocks still ascend with i.
      for (let i = count - 1; i >= 0; i -= 1) {
        const outgoing = Math.floor(i / 3) % 2 === 0;
        const timestamp = now - spanMs + Math.floor((spanMs * i) / count);
        const id = `0x${crypto.randomBytes(32).toString('hex')}`;
        const seen = outgoing || incomingLeft <= 0;
        if (!outgoing) incomingLeft -= 1;
        messagesRepo.insert({
          id,
          chatId: peer,
          sender: outgoing ? account.publicKey : peer,
          clock: timestamp,
          timestamp,
          contentType: ContentType.TEXT_PLAIN,
          messageType: MessageType.ONE_TO_ONE,
          text: text(i),
          // Every 25th answers the message after it (inserted just before, newest first).
          responseTo: i % 25 === 0 ? previousId : null,
          outgoing,
          status: outgoing ? OutgoingStatus.Delivered : null,
          seen,
          receivedAt: timestamp,
        });
        previousId = id;
      }
    })();
    chats.push({ id: peer, count });
  }
  client.close();
  const token = fs.readFileSync(path.join(dataDir, DataFile.RpcToken), 'utf8').trim();
  return { rpcUrl: node.rpc?.url ?? '', token, chats, stop: () => node.stop() };
}

// The logged-in account's messaging: a Messenger on the account's database (bundles,
// sessions, MVDS state, messages and chats all persisted), and the views the contract exposes.
import type { ChatView, MessageView } from '../../../shared/api.ts';
import { BundleManager } from '../../encryption/bundle-manager.ts';
import { SessionRepository } from '../../encryption/session-repository.ts';
import type { AccountSession } from '../../identity/accounts.ts';
import { parsePublicKey, toUncompressedHex } from '../../identity/keys.ts';
import { SqliteMvdsStore } from '../../reliability/mvds/sqlite-store.ts';
import { ChatsRepository, ChatType } from '../../storage/messenger/chats-repository.ts';
import { type MessageRecord, MessagesRepository, OutgoingStatus } from '../../storage/messenger/messages-repository.ts';
import { ContentType, MessageType } from '../../wire/proto.ts';
import { Messenger, type Rejection } from './messenger.ts';
import type { MessengerTransport } from './ports.ts';

export interface MessagingEvents {
  onAdded: (message: MessageView) => void;
  onUpdated: (update: { id: string; status: MessageView['status'] }) => void;
}

export function toMessageView(record: MessageRecord): MessageView {
  return {
    id: record.id,
    chatId: record.chatId,
    sender: record.sender,
    text: record.text,
    clock: record.clock,
    timestamp: record.timestamp,
    outgoing: record.outgoing,
    status: record.status,
  };
}

export class MessagingService {
  readonly messenger: Messenger;
  readonly #session: AccountSession;
  readonly #messages: MessagesRepository;
  readonly #chats: ChatsRepository;
  readonly #events: MessagingEvents;
  readonly #now: () => number;

  constructor(options: {
    session: AccountSession;
    transport: MessengerTransport;
    events: MessagingEvents;
    now?: () => number;
  }) {
    const { session } = options;
    this.#session = session;
    this.#now = options.now ?? Date.now;
    this.#messages = new MessagesRepository(session.db);
    this.#chats = new ChatsRepository(session.db);
    this.#events = options.events;
    const bundles = new BundleManager({ db: session.db, identityPrivateKey: session.keys.chatKey.privateKey });
    bundles.rotateIfDue();
    const sessions = new SessionRepository(session.db, this.#now);
    this.messenger = new Messenger({
      transport: options.transport,
      chatKey: session.keys.chatKey.privateKey,
      bundles: {
        installationId: bundles.installationId,
        ourBundle: () => bundles.ourBundle(),
        ourSignedPreKeys: () => bundles.ourSignedPreKeys(),
        bundleOf: (peer) => bundles.bundleOf(peer),
        learn: (bundle) => void bundles.storePeerBundle(bundle),
      },
      sessions: { lookup: sessions.lookup, apply: (updates) => sessions.apply(updates) },
      mvds: new SqliteMvdsStore(session.db, this.#now),
      now: this.#now,
      atomically: (work) => session.db.transaction(work)(),
      events: {
        onMessage: (message) => {
          this.#chats.upsert({ id: message.chatId, type: ChatType.OneToOne, name: message.chatId }, this.#now());
          const record = {
            id: message.id,
            chatId: message.chatId,
            sender: message.sender,
            clock: Number(message.clock),
            timestamp: Number(message.timestamp),
            contentType: ContentType.TEXT_PLAIN,
            messageType: MessageType.ONE_TO_ONE,
            text: message.text,
            outgoing: false,
            receivedAt: this.#now(),
          };
          if (this.#messages.insert(record)) {
            const stored = this.#messages.get(message.id);
            if (stored) this.#events.onAdded(toMessageView(stored));
          }
        },
        onDelivered: (id) => this.#setStatus(id, OutgoingStatus.Delivered),
      },
    });
    this.messenger.start();
  }

  get rejected(): ReadonlyMap<Rejection, number> {
    return this.messenger.rejected;
  }

  /** Any key format for the chat (0x04…, 0x02…, zQ3…): a 1:1 chat is the other party's key. */
  async sendText(chat: string, text: string): Promise<MessageView> {
    const peer = toUncompressedHex(parsePublicKey(chat));
    let view: MessageView | undefined;
    const id = await this.messenger.sendText(peer, text, ({ id: queuedId, clock, timestamp }) => {
      this.#session.db.transaction(() => {
        this.#chats.upsert({ id: peer, type: ChatType.OneToOne, name: peer }, this.#now());
        this.#messages.insert({
          id: queuedId,
          chatId: peer,
          sender: this.messenger.publicKeyHex,
          clock: Number(clock),
          timestamp,
          contentType: ContentType.TEXT_PLAIN,
          messageType: MessageType.ONE_TO_ONE,
          text,
          outgoing: true,
          status: OutgoingStatus.Pending,
          seen: true,
          receivedAt: this.#now(),
        });
      })();
      const stored = this.#messages.get(queuedId);
      if (stored) {
        view = toMessageView(stored);
        this.#events.onAdded(view);
      }
    });
    this.#setStatus(id, OutgoingStatus.Sent);
    const latest = this.#messages.get(id);
    return latest ? toMessageView(latest) : (view as MessageView);
  }

  listChats(): ChatView[] {
    return this.#chats.list().map((chat) => {
      const last = chat.lastMessageId ? this.#messages.get(chat.lastMessageId) : null;
      return {
        id: chat.id,
        name: chat.name,
        unreadCount: chat.unreadCount,
        lastMessage: last ? { text: last.text, clock: last.clock, outgoing: last.outgoing } : null,
      };
    });
  }

  listMessages(chat: string, before: { clock: number; id: string } | null, limit: number): MessageView[] {
    const chatId = toUncompressedHex(parsePublicKey(chat));
    return this.#messages.before(chatId, before, limit).map(toMessageView);
  }

  markRead(chat: string): number {
    return this.#messages.markChatRead(toUncompressedHex(parsePublicKey(chat)));
  }

  stop(): void {
    this.messenger.stop();
  }

  #setStatus(id: string, status: MessageView['status']): void {
    if (status && this.#messages.setStatus(id, status)) this.#events.onUpdated({ id, status });
  }
}

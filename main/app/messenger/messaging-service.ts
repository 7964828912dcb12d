// The logged-in account's messaging: a Messenger on the account's database (bundles,
// sessions, MVDS state, messages and chats all persisted), and the views the contract exposes.
import type { ChatView, ContactView, MessageView } from '../../../shared/api.ts';
import { ContactsService } from '../contacts/contacts-service.ts';
import { BundleManager } from '../../encryption/bundle-manager.ts';
import { SessionRepository } from '../../encryption/session-repository.ts';
import type { AccountSession } from '../../identity/accounts.ts';
import { parsePublicKey, toUncompressedHex } from '../../identity/keys.ts';
import { SqliteMvdsStore } from '../../reliability/mvds/sqlite-store.ts';
import { type ChatRecord, ChatsRepository, ChatType } from '../../storage/messenger/chats-repository.ts';
import { type MessageRecord, MessagesRepository, OutgoingStatus } from '../../storage/messenger/messages-repository.ts';
import { AmmType, ChatMessage, ContentType, encode, MessageType, u64 } from '../../wire/proto.ts';
import { MessageActionError, MessageActions } from './message-actions.ts';
import { Messenger, type Rejection } from './messenger.ts';
import { recordOutgoingOneToOne } from './outgoing-record.ts';
import type { MessengerTransport } from './ports.ts';

export interface MessagingEvents {
  onAdded: (message: MessageView) => void;
  onUpdated: (update: { id: string; status: MessageView['status'] }) => void;
  onContactUpdated?: (contact: ContactView) => void;
  onContactRequest?: (contact: ContactView) => void;
  /** Edited, deleted for everyone, pinned or reacted to (either side). */
  onChanged?: (message: MessageView) => void;
  /** Deleted for me. */
  onRemoved?: (removed: { id: string; chatId: string }) => void;
}

const DISPLAY_NAME_PREF = 'profile.displayName';
/** Extra rows fetched per page to make up for the contact requests filtered out of it. */
const REQUESTS_SLACK = 8;
const MAX_PAGE = 200;

/** A chat id that names no chat of this account. */
export class ChatNotFoundError extends Error {
  constructor(id: string) {
    super(`no chat ${id.slice(0, 12)}…`);
    this.name = 'ChatNotFoundError';
  }
}

export class MessagingService {
  readonly messenger: Messenger;
  readonly contacts: ContactsService;
  readonly actions: MessageActions;
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
          // Only contacts (and people we asked) are heard; requests are the contacts' business.
          if (this.contacts.onChatMessage(message) !== 'show') return;
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
            responseTo: message.chat.responseTo || null,
            outgoing: false,
            receivedAt: this.#now(),
          };
          if (this.#messages.insert(record)) {
            const stored = this.#messages.get(message.id);
            if (stored) this.#events.onAdded(this.#view(stored));
          }
        },
        onApplicationMessage: (message) => {
          if (this.actions.onApplicationMessage(message)) return;
          if (!this.contacts.onApplicationMessage(message)) this.contacts.countUnsupported();
        },
        onDelivered: (id) => this.#setStatus(id, OutgoingStatus.Delivered),
      },
    });
    this.contacts = new ContactsService({
      db: session.db,
      messenger: this.messenger,
      now: this.#now,
      displayName: () => {
        const pref = session.prefs.get(DISPLAY_NAME_PREF)?.value;
        return typeof pref === 'string' ? pref : '';
      },
      events: { onUpdated: options.events.onContactUpdated, onRequestReceived: options.events.onContactRequest },
    });
    this.actions = new MessageActions({
      db: session.db,
      messenger: this.messenger,
      messages: this.#messages,
      allows: (sender) => this.contacts.allows(sender),
      now: this.#now,
      events: { onChanged: options.events.onChanged, onRemoved: options.events.onRemoved },
    });
    this.messenger.start();
  }

  get rejected(): ReadonlyMap<Rejection, number> {
    return this.messenger.rejected;
  }

  /**
   * Any key format for the chat (0x04…, 0x02…, zQ3…): a 1:1 chat is the other party's key.
   * `responseTo` makes it a reply (ChatMessage.response_to) to a message of this chat.
   */
  async sendText(chat: string, text: string, responseTo?: string): Promise<MessageView> {
    const peer = toUncompressedHex(parsePublicKey(chat));
    if (responseTo !== undefined) {
      const replied = this.#messages.get(responseTo);
      if (!replied || replied.chatId !== peer || replied.deletedForMe)
        throw new MessageActionError('NOT_FOUND', 'the message replied to is not in this chat');
    }
    const clock = this.actions.nextClock(peer);
    const timestamp = this.#now();
    const payload = encode(ChatMessage, {
      clock: u64(clock),
      timestamp: u64(timestamp),
      text,
      chatId: peer,
      messageType: MessageType.ONE_TO_ONE,
      contentType: ContentType.TEXT_PLAIN,
      ...(responseTo ? { responseTo } : {}),
    });
    let view: MessageView | undefined;
    const id = await this.messenger.sendApplication(peer, AmmType.CHAT_MESSAGE, payload, (queuedId) => {
      this.#session.db.transaction(() => {
        recordOutgoingOneToOne(
          { db: this.#session.db, chats: this.#chats, messages: this.#messages },
          {
            id: queuedId,
            peer,
            sender: this.messenger.publicKeyHex,
            clock: Number(clock),
            timestamp,
            contentType: ContentType.TEXT_PLAIN,
            text,
          },
          this.#now(),
        );
        if (responseTo) this.#messages.setResponseTo(queuedId, responseTo);
      })();
      const stored = this.#messages.get(queuedId);
      if (stored) {
        view = this.#view(stored);
        this.#events.onAdded(view);
      }
    });
    this.#setStatus(id, OutgoingStatus.Sent);
    const latest = this.#messages.get(id);
    return latest ? this.#view(latest) : (view as MessageView);
  }

  listChats(): ChatView[] {
    return this.#chats.list().map((chat) => this.#chatView(chat));
  }

  /** Muted chats keep counting unread messages but stay off the badge and out of notifications. */
  setMuted(chat: string, muted: boolean): ChatView {
    const id = toUncompressedHex(parsePublicKey(chat));
    if (!this.#chats.setMuted(id, muted, this.#now())) throw new ChatNotFoundError(id);
    return this.#chatView(this.#chats.get(id) as ChatRecord);
  }

  /**
   * Hides the chat from the list (status-go's "delete chat" on this device); its messages are
   * kept, and a new message from them brings it back.
   */
  deleteChat(chat: string): boolean {
    return this.#chats.markDeleted(toUncompressedHex(parsePublicKey(chat)), this.#now());
  }

  #chatView(chat: ChatRecord): ChatView {
    const last = chat.lastMessageId ? this.#messages.get(chat.lastMessageId) : null;
    return {
      id: chat.id,
      name: chat.name,
      unreadCount: chat.unreadCount,
      muted: chat.muted,
      lastMessage: last ? { text: last.text, clock: last.clock, outgoing: last.outgoing } : null,
      online: false, // TODO(presence helper)
    };
  }

  listMessages(chat: string, before: { clock: number; id: string } | null, limit: number): MessageView[] {
    const chatId = toUncompressedHex(parsePublicKey(chat));
    // Contact requests live in the contacts view, not in the conversation.
    return this.#messages
      .before(chatId, before, Math.min(limit + REQUESTS_SLACK, MAX_PAGE))
      .filter((m) => m.contentType !== ContentType.CONTACT_REQUEST)
      .slice(0, limit)
      .map((m) => this.#view(m));
  }

  markRead(chat: string): number {
    return this.#messages.markChatRead(toUncompressedHex(parsePublicKey(chat)));
  }

  stop(): void {
    this.messenger.stop();
  }

  #view(record: MessageRecord): MessageView {
    return this.actions.view(record);
  }

  #setStatus(id: string, status: MessageView['status']): void {
    if (status && this.#messages.setStatus(id, status)) this.#events.onUpdated({ id, status });
  }
}

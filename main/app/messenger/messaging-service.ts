// The logged-in account's messaging: a Messenger on the account's database (bundles,
// sessions, MVDS state, messages and chats all persisted), and the views the contract exposes.
import type { ChatView, ContactView, DeviceView, GroupView, MessageView, PresenceView } from '../../../shared/api.ts';
import { publicKey } from '../../crypto/secp256k1.ts';
import { BundleManager } from '../../encryption/bundle-manager.ts';
import { SessionRepository } from '../../encryption/session-repository.ts';
import type { AccountSession } from '../../identity/accounts.ts';
import { parsePublicKey, toUncompressedHex } from '../../identity/keys.ts';
import { SqliteMvdsStore } from '../../reliability/mvds/sqlite-store.ts';
import { type ChatRecord, ChatsRepository, ChatType } from '../../storage/messenger/chats-repository.ts';
import { ImagesRepository } from '../../storage/messenger/images-repository.ts';
import { type MessageRecord, MessagesRepository, OutgoingStatus } from '../../storage/messenger/messages-repository.ts';
import { NegotiatedSecretsRepository } from '../../storage/messenger/negotiated-secrets-repository.ts';
import { PresenceRepository } from '../../storage/messenger/presence-repository.ts';
import { AmmType, ContentType, MessageType } from '../../wire/proto.ts';
import { ContactsService } from '../contacts/contacts-service.ts';
import { ChatSync } from '../devices/chat-sync.ts';
import { ContactSync } from '../devices/contact-sync.ts';
import { DevicesService } from '../devices/devices-service.ts';
import { isGroupId } from '../groups/group-events.ts';
import { GroupsService } from '../groups/groups-service.ts';
import { PresenceService, presenceTimingFromEnv } from '../presence/presence-service.ts';
import { ContactCodeService, contactCodeTimingFromEnv } from './contact-code.ts';
import {
  type CheckedImage,
  checkIncomingImage,
  checkOutgoingImage,
  type ImageRejection,
  imageMessageOf,
  mimeTypeOf,
} from './images.ts';
import { MessageActionError, MessageActions } from './message-actions.ts';
import { Messenger, type PublishedWakuMessage, type ReceivedChatMessage, type Rejection } from './messenger.ts';
import { encodeOneToOneChat } from './one-to-one-chat.ts';
import { recordOutgoingOneToOne } from './outgoing-record.ts';
import type { MessengerTransport } from './ports.ts';
import { ownDevices, storedBundles } from './stored-ports.ts';

export interface MessagingEvents {
  onAdded: (message: MessageView) => void;
  onUpdated: (update: { id: string; status: MessageView['status'] }) => void;
  onContactUpdated?: (contact: ContactView) => void;
  onContactRequest?: (contact: ContactView) => void;
  /** Edited, deleted for everyone, pinned or reacted to (either side). */
  onChanged?: (message: MessageView) => void;
  /** Deleted for me. */
  onRemoved?: (removed: { id: string; chatId: string }) => void;
  /** A Waku message carrying our app messages went out (the stored check's input). */
  onPublished?: (published: PublishedWakuMessage) => void;
  /** A contact came online or went offline (their StatusUpdates). */
  onPresence?: (presence: PresenceView) => void;
  /** Our own installations changed (learned, paired, unpaired, named). */
  onDevicesChanged?: (devices: DeviceView[]) => void;
  /** A private group changed (created, invited, renamed, members, admins, left). */
  onGroupUpdated?: (group: GroupView) => void;
  /** A chat was read, muted or hidden, here or on a paired device of ours (its unread count may differ). */
  onChatChanged?: (chatId: string) => void;
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
  readonly presence: PresenceService;
  readonly contactCode: ContactCodeService;
  readonly devices: DevicesService;
  /** Our contacts on our paired devices (SYNC_INSTALLATION_CONTACT_V2). */
  readonly contactSync: ContactSync;
  readonly chatSync: ChatSync;
  readonly groups: GroupsService;
  readonly #session: AccountSession;
  readonly #messages: MessagesRepository;
  readonly #chats: ChatsRepository;
  readonly #images: ImagesRepository;
  /** Received image messages refused (bad, oversize or disguised pictures), by reason. */
  readonly rejectedImages = new Map<ImageRejection, number>();
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
    this.#images = new ImagesRepository(session.db);
    this.#events = options.events;
    const bundles = new BundleManager({
      db: session.db,
      identityPrivateKey: session.keys.chatKey.privateKey,
      paired: () => this.devices.paired(),
    });
    bundles.rotateIfDue();
    const ourKey = `0x${Buffer.from(publicKey(session.keys.chatKey.privateKey)).toString('hex')}`;
    this.devices = new DevicesService({
      db: session.db,
      installationId: bundles.installationId,
      ourKey,
      sendToSelf: (type, payload) => this.messenger.sendApplication(ourKey, type, payload),
      onChanged: (devices) => options.events.onDevicesChanged?.(devices),
      onPaired: () => this.contactSync.syncAll(),
      now: this.#now,
    });
    this.messenger = new Messenger({
      transport: options.transport,
      chatKey: session.keys.chatKey.privateKey,
      bundles: storedBundles(bundles),
      sessions: new SessionRepository(session.db, this.#now),
      mvds: new SqliteMvdsStore(session.db, this.#now),
      negotiated: new NegotiatedSecretsRepository(session.db, this.#now),
      now: this.#now,
      atomically: (work) => session.db.transaction(work)(),
      devices: ownDevices(this.devices),
      events: {
        onMessage: (message) => {
          if (message.sender === ourKey) return this.#onOwnMessage(message);
          // Only contacts (and people we asked) are heard; requests are the contacts' business.
          if (this.contacts.onChatMessage(message) !== 'show') return;
          const image = this.#receivedImage(message);
          if (image === 'rejected') return;
          this.#chats.upsert({ id: message.chatId, type: ChatType.OneToOne, name: message.chatId }, this.#now());
          const record = {
            id: message.id,
            chatId: message.chatId,
            sender: message.sender,
            clock: Number(message.clock),
            timestamp: Number(message.timestamp),
            contentType: image ? ContentType.IMAGE : ContentType.TEXT_PLAIN,
            messageType: MessageType.ONE_TO_ONE,
            text: message.text,
            responseTo: message.chat.responseTo || null,
            outgoing: false,
            receivedAt: this.#now(),
          };
          if (this.#messages.insert(record)) {
            if (image) this.#images.insert(message.id, image);
            const stored = this.#messages.get(message.id);
            if (stored) this.#events.onAdded(this.#view(stored));
            // Edits, deletions, reactions, pins that overtook this message apply now.
            this.actions.onMessageArrived(message.id);
          }
        },
        onApplicationMessage: (message) => {
          if (this.presence.onApplicationMessage(message) || this.contactCode.onApplicationMessage(message)) return;
          if (this.devices.onApplicationMessage(message) || this.contactSync.onApplicationMessage(message)) return;
          if (this.chatSync.onApplicationMessage(message)) return;
          // Group traffic is heard from anyone; the group's own rules decide (groups-service.ts).
          if (this.groups.onApplicationMessage(message)) return;
          if (this.actions.onApplicationMessage(message)) return;
          // Our paired devices' decisions on contacts apply here too; other sync messages are not spoken yet.
          if (message.sender === ourKey)
            return void (this.contacts.onOwnDeviceDecision(message) || this.contacts.countUnsupported());
          if (!this.contacts.onApplicationMessage(message)) this.contacts.countUnsupported();
        },
        onDelivered: (id) => this.#setStatus(id, OutgoingStatus.Delivered),
        onPublished: (published) => this.#events.onPublished?.(published),
      },
    });
    const displayName = () => {
      const pref = session.prefs.get(DISPLAY_NAME_PREF)?.value;
      return typeof pref === 'string' ? pref : '';
    };
    this.contacts = new ContactsService({
      db: session.db,
      messenger: this.messenger,
      now: this.#now,
      displayName,
      presence: (key) => this.presence.view(key),
      events: {
        onUpdated: (contact) => {
          this.contactCode.onContactChanged(contact);
          options.events.onContactUpdated?.(contact);
        },
        onRequestReceived: options.events.onContactRequest,
        onLocalChange: (peer) => void this.contactSync.syncContact(peer),
      },
    });
    const hasPaired = () => this.devices.paired().ids.size > 0;
    const sendToSelf = (type: AmmType, payload: Uint8Array) => this.messenger.sendApplication(ourKey, type, payload);
    this.contactSync = new ContactSync({
      ourKey,
      contacts: this.contacts,
      hasPaired,
      sendToSelf,
      mutes: {
        of: (peer) => {
          const chat = this.#chats.get(peer);
          return chat?.type === ChatType.OneToOne ? { muted: chat.muted, clock: chat.mutedClock } : null;
        },
        adopt: (peer, muted, clock) => {
          const chat = this.#chats.get(peer);
          if (chat?.type !== ChatType.OneToOne || !this.#chats.adoptMuted(peer, muted, clock, this.#now()))
            return false;
          options.events.onChatChanged?.(peer);
          return true;
        },
      },
    });
    this.chatSync = new ChatSync({
      ourKey,
      hasPaired,
      sendToSelf,
      chats: {
        markReadUpTo: (chatId, clock) => {
          const known = this.#chats.get(chatId) !== null;
          return { known, marked: known ? this.#messages.markChatRead(chatId, clock) : 0 };
        },
        hideAt: (chatId, clock) => {
          const chat = this.#chats.get(chatId);
          if (!chat) return 'unknown';
          // A message newer than the removal keeps the chat (as it would bring it back here).
          if (chat.deletedAt !== null || chat.lastClock > clock) return 'stale';
          return this.#chats.markDeleted(chatId, this.#now()) ? 'hidden' : 'stale';
        },
      },
      onChanged: (chatId) => options.events.onChatChanged?.(chatId),
    });
    // Contact-code advertisements and presence (main/app/messenger/contact-code.ts, main/app/presence).
    this.contactCode = new ContactCodeService({
      messenger: this.messenger,
      displayName,
      contacts: () => this.contacts.list(),
      onIdentity: (sender, name, clock) => this.contacts.onChatIdentity(sender, name, clock),
      now: this.#now,
      ...contactCodeTimingFromEnv(),
    });
    this.presence = new PresenceService({
      messenger: this.messenger,
      isContact: (key) => this.contacts.relatesTo(key),
      onPresence: (presence) => options.events.onPresence?.(presence),
      repository: new PresenceRepository(session.db),
      now: this.#now,
      ...presenceTimingFromEnv(),
    });
    this.actions = new MessageActions({
      db: session.db,
      messenger: this.messenger,
      messages: this.#messages,
      allows: (sender) => this.contacts.allows(sender),
      now: this.#now,
      events: { onChanged: options.events.onChanged, onRemoved: options.events.onRemoved },
      toOwnDevices: async (type, payload) => (hasPaired() ? sendToSelf(type, payload) : undefined),
      groups: {
        recipients: (chatId) => this.groups.recipients(chatId),
        hears: (chatId, sender) => this.groups.hears(chatId, sender),
      },
    });
    this.groups = new GroupsService({
      db: session.db,
      messenger: this.messenger,
      chatKey: session.keys.chatKey.privateKey,
      chats: this.#chats,
      messages: this.#messages,
      isMutualContact: (key) => this.contacts.isMutualContact(key),
      isBlocked: (key) => this.contacts.isBlocked(key),
      onMessageArrived: (id) => this.actions.onMessageArrived(id),
      onReaction: (message) => void this.actions.onApplicationMessage(message),
      nameOf: (key) => {
        const contact = this.contacts.get(key);
        return contact?.nickname || contact?.displayName || '';
      },
      ourName: displayName,
      view: (record) => this.#view(record),
      onAdded: (message) => this.#events.onAdded(message),
      onUpdated: (group) => options.events.onGroupUpdated?.(group),
      now: this.#now,
    });
    this.messenger.start();
    this.contactCode.start();
    this.presence.start();
  }

  get rejected(): ReadonlyMap<Rejection, number> {
    return this.messenger.rejected;
  }

  /**
   * Any key format for the chat (0x04…, 0x02…, zQ3…): a 1:1 chat is the other party's key.
   * `responseTo` makes it a reply (ChatMessage.response_to) to a message of this chat.
   */
  sendText(chat: string, text: string, responseTo?: string): Promise<MessageView> {
    return this.#sendChatMessage(chat, { contentType: ContentType.TEXT_PLAIN, text }, responseTo);
  }

  /**
   * An image (PNG, JPEG, WEBP or GIF, at most MAX_IMAGE_BYTES; ImageError otherwise) as a
   * ChatMessage of content type IMAGE with empty text, like status-go sends a lone image.
   */
  async sendImage(chat: string, bytes: Uint8Array, responseTo?: string): Promise<MessageView> {
    const image = checkOutgoingImage(bytes);
    return await this.#sendChatMessage(chat, { contentType: ContentType.IMAGE, text: '', image }, responseTo);
  }

  /** The picture of an image message, base64, with its MIME type (sniffed, not declared). */
  image(messageId: string): { mimeType: string; data: string } {
    const record = this.#messages.get(messageId);
    const image = record && !record.deletedForMe ? this.#images.get(messageId) : null;
    if (!image) throw new MessageActionError('NOT_FOUND', 'no image for this message');
    return { mimeType: mimeTypeOf(image.format), data: Buffer.from(image.data).toString('base64') };
  }

  /** Our one path for chat messages: the wire message, its rows (and picture), then its status. */
  async #sendChatMessage(
    chat: string,
    content: { contentType: ContentType; text: string; image?: CheckedImage },
    responseTo?: string,
  ): Promise<MessageView> {
    const { contentType, text, image } = content;
    // A private group: the same message, wrapped and fanned out by the group.
    if (isGroupId(chat)) return await this.groups.sendChatMessage(chat, text, responseTo, image);
    const peer = toUncompressedHex(parsePublicKey(chat));
    if (responseTo !== undefined) {
      const replied = this.#messages.get(responseTo);
      if (!replied || replied.chatId !== peer || replied.deletedForMe)
        throw new MessageActionError('NOT_FOUND', 'the message replied to is not in this chat');
    }
    const clock = this.actions.nextClock(peer);
    const timestamp = this.#now();
    const propagated = this.contacts.propagatedStateFor(peer);
    const payload = encodeOneToOneChat(
      { peer, clock, timestamp, text, contentType },
      {
        ...(image ? { image: imageMessageOf(image) } : {}),
        ...(responseTo ? { responseTo } : {}),
        // As status-go's 1:1 messages: our request state, which also tells our paired devices.
        ...(propagated ? { contactRequestPropagatedState: propagated } : {}),
      },
    );
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
            contentType,
            text,
          },
          this.#now(),
        );
        if (responseTo) this.#messages.setResponseTo(queuedId, responseTo);
        if (image) this.#images.insert(queuedId, image);
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
    const id = chatIdOf(chat);
    const before = this.#chats.get(id);
    if (!before) throw new ChatNotFoundError(id);
    // A Lamport clock for the change: our paired devices take the newest (contact-sync.ts).
    const clock = Math.max(this.#now(), before.mutedClock + 1);
    this.#chats.setMuted(id, muted, this.#now(), clock);
    this.#events.onChatChanged?.(id);
    // As status-go: a 1:1 chat's mute travels with the contact.
    if (before.type === ChatType.OneToOne && before.muted !== muted) void this.contactSync.syncContact(id);
    return this.#chatView(this.#chats.get(id) as ChatRecord);
  }

  /**
   * Hides the chat from the list (status-go's "delete chat" on this device); its messages are
   * kept, and a new message from them brings it back.
   */
  deleteChat(chat: string): boolean {
    const id = chatIdOf(chat);
    if (!this.#chats.markDeleted(id, this.#now())) return false;
    this.#events.onChatChanged?.(id);
    // Hidden on our paired devices too, unless a message newer than this reaches them first.
    void this.chatSync.syncRemoved(id, Number(this.actions.nextClock(id)));
    return true;
  }

  #chatView(chat: ChatRecord): ChatView {
    const last = chat.lastMessageId ? this.#messages.get(chat.lastMessageId) : null;
    return {
      id: chat.id,
      kind: chat.type === ChatType.PrivateGroup ? 'private-group' : 'one-to-one',
      name: chat.type === ChatType.OneToOne ? this.#peerName(chat.id, chat.name) : chat.name,
      unreadCount: chat.unreadCount,
      muted: chat.muted,
      lastMessage: last
        ? {
            text: last.text,
            clock: last.clock,
            outgoing: last.outgoing,
            ...(last.contentType === ContentType.IMAGE && !last.deleted ? { image: true } : {}),
          }
        : null,
      online: chat.type === ChatType.OneToOne && this.presence.view(chat.id).online,
    };
  }

  /** A 1:1 chat is named after the person: our nickname, their chosen name, else their three-word alias. */
  #peerName(peer: string, fallback: string): string {
    const contact = this.contacts.get(peer);
    return contact?.nickname || contact?.displayName || contact?.alias || fallback;
  }

  listMessages(chat: string, before: { clock: number; id: string } | null, limit: number): MessageView[] {
    const chatId = chatIdOf(chat);
    // Contact requests live in the contacts view, not in the conversation.
    return this.#messages
      .before(chatId, before, Math.min(limit + REQUESTS_SLACK, MAX_PAGE))
      .filter((m) => m.contentType !== ContentType.CONTACT_REQUEST)
      .slice(0, limit)
      .map((m) => this.#view(m));
  }

  /**
   * Marks the chat read up to its latest incoming message (status-go's MarkAllRead), and tells our
   * paired devices that clock when anything changed here.
   */
  markRead(chat: string): number {
    const id = chatIdOf(chat);
    const clock = this.#messages.latestIncomingClock(id);
    if (clock === null) return 0;
    const marked = this.#messages.markChatRead(id, clock);
    if (marked > 0) {
      this.#events.onChatChanged?.(id);
      void this.chatSync.syncRead(id, clock);
    }
    return marked;
  }

  stop(): void {
    this.presence.stop();
    this.contactCode.stop();
    this.messenger.stop();
  }

  /** A store confirmed it holds the message (never undoes delivered). */
  markStored(id: string): void {
    this.#setStatus(id, OutgoingStatus.Stored);
  }

  /**
   * A message we sent from another (paired) device of ours: filed in its chat as our outgoing
   * message, already sent (the other device published it).
   */
  #onOwnMessage(message: ReceivedChatMessage): void {
    if (this.#messages.get(message.id)) return; // already here (a re-send)
    const image = this.#receivedImage(message);
    if (image === 'rejected') return;
    const chat = message.chat;
    const stored = this.#session.db.transaction(() => {
      const now = this.#now();
      recordOutgoingOneToOne(
        { db: this.#session.db, chats: this.#chats, messages: this.#messages },
        {
          id: message.id,
          peer: message.chatId,
          sender: message.sender,
          clock: Number(message.clock),
          timestamp: Number(message.timestamp),
          contentType: image ? ContentType.IMAGE : chat.contentType,
          text: message.text,
        },
        now,
      );
      if (!this.#messages.get(message.id)) return false;
      if (chat.responseTo) this.#messages.setResponseTo(message.id, chat.responseTo);
      if (image) this.#images.insert(message.id, image);
      this.#messages.setStatus(message.id, OutgoingStatus.Sent);
      return true;
    })();
    const record = stored ? this.#messages.get(message.id) : undefined;
    if (!record) return;
    this.contacts.onOwnChatState(message);
    if (this.contacts.onOwnDeviceDecision(message)) return; // a contact request: the contacts view shows it
    this.#events.onAdded(this.#view(record));
    this.actions.onMessageArrived(message.id);
  }

  /** The checked picture of a received IMAGE message; a bad one is counted and not shown at all. */
  #receivedImage(message: ReceivedChatMessage): CheckedImage | null | 'rejected' {
    if (message.chat.contentType !== ContentType.IMAGE) return null;
    const image = checkIncomingImage(message.chat.image);
    if (typeof image !== 'string') return image;
    this.rejectedImages.set(image, (this.rejectedImages.get(image) ?? 0) + 1);
    return 'rejected';
  }

  #view(record: MessageRecord): MessageView {
    return this.actions.view(record);
  }

  #setStatus(id: string, status: MessageView['status']): void {
    if (status && this.#messages.setStatus(id, status)) this.#events.onUpdated({ id, status });
  }
}

/** A chat id as stored: a group id as is, a 1:1 chat as the other party's 0x04 key (any format). */
function chatIdOf(chat: string): string {
  return isGroupId(chat) ? chat : toUncompressedHex(parsePublicKey(chat));
}

// Private group chats over the 1:1 channels, as status-go does them: every membership change is
// a signed event; the whole log goes in a MembershipUpdateMessage (AMM type 3) pairwise to every
// member (MVDS, ratchet or DH fallback, as any 1:1 message); a group text message is a
// ChatMessage (message_type PRIVATE_GROUP, chat_id = the group id) inside the same wrapper
// (status-go's dispatchMessage: "we always wrap in group information"). Messages fan out to the
// members of the moment; received ones are filed only from current members.
//
// Reactions, edits, deletes and pins in a group are plain AMMs (message-actions.ts, through
// `recipients` and `hears` here); a reaction wrapped in MembershipUpdateMessage.emoji_reaction
// (status-go handles both) goes the same way. Anything whose AMM a key we blocked signed is
// dropped here; events of theirs relayed by other members still apply, so the group keeps its
// state, but an addition of us by a blocked key is never an invitation. Being added by a mutual
// contact joins at once (MEMBER_JOINED), as status-go's autoJoin does.
import {
  GROUP_COLORS,
  type GroupView,
  MAX_GROUP_IMAGE_BYTES,
  MAX_GROUP_MEMBERS,
  type MessageView,
} from '../../../shared/api.ts';
import { keccak256 } from '../../crypto/hash.ts';
import { parsePublicKey, toUncompressedHex } from '../../identity/keys.ts';
import { describePublicKey } from '../../identity/visual-identity.ts';
import type { Db } from '../../storage/database.ts';
import { type ChatsRepository, ChatType } from '../../storage/messenger/chats-repository.ts';
import { GroupsRepository } from '../../storage/messenger/groups-repository.ts';
import { ImagesRepository } from '../../storage/messenger/images-repository.ts';
import {
  type MessageRecord,
  type MessagesRepository,
  OutgoingStatus,
} from '../../storage/messenger/messages-repository.ts';
import { applicationMessageId, nextClock, wrapApplicationMessage } from '../../wire/application-metadata.ts';
import { validateChatMessage } from '../../wire/message-validation.ts';
import {
  AmmType,
  type ChatMessage,
  ContentType,
  decodeOrError,
  EmojiReaction,
  encode,
  MembershipUpdateMessage,
  MessageType,
  u64,
  WireDecodeError,
} from '../../wire/proto.ts';
import {
  type CheckedImage,
  checkIncomingImage,
  checkOutgoingImage,
  imageInfoOf,
  imageMessageOf,
  mimeTypeOf,
} from '../messenger/images.ts';
import type { Messenger, ReceivedApplication } from '../messenger/messenger.ts';
import {
  type EventContent,
  EventType,
  type GroupEvent,
  groupCreatorOf,
  makeGroupId,
  ParsedEvents,
  signEvent,
} from './group-events.ts';
import { type EventRejection, type GroupState, groupState, isMember } from './group-state.ts';
import { systemText } from './system-messages.ts';

/** A membership update carries at most a few hundred events and one chat message. */
const MAX_UPDATE_BYTES = 2 * 1024 * 1024;
/** Colours status-go's group chats use (CHAT_CREATED.color); we pick one at random. */
const COLORS = GROUP_COLORS;

export type GroupRejection =
  | EventRejection
  | 'malformed'
  | 'bad-signature'
  | 'chat-id'
  | 'not-our-group'
  | 'message-not-member'
  | 'message-invalid'
  | 'message-wrong-chat'
  | 'unsupported-entity'
  /** Membership updates, messages or reactions whose AMM a key we blocked signed. */
  | 'blocked'
  /** We were added (and had not joined) by a key we blocked: not an invitation, hidden. */
  | 'blocked-invitation'
  /** A group image message with a bad, oversize or disguised picture. */
  | 'message-bad-image'
  /** Joining at once after a mutual contact added us failed (to be retried by groups.join). */
  | 'auto-join-failed';

export type GroupErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID';
export class GroupError extends Error {
  readonly code: GroupErrorCode;
  constructor(code: GroupErrorCode, message: string) {
    super(message);
    this.name = 'GroupError';
    this.code = code;
  }
}

export interface GroupsOptions {
  db: Db;
  messenger: Messenger;
  chatKey: Uint8Array;
  chats: ChatsRepository;
  messages: MessagesRepository;
  /** A mutual contact (not blocked): being added by one joins us at once. */
  isMutualContact: (key: string) => boolean;
  /** A key we blocked: its own traffic is dropped, its additions of us are no invitations. */
  isBlocked: (key: string) => boolean;
  /** A group message was filed: actions kept for it apply now (MessageActions.onMessageArrived). */
  onMessageArrived?: (messageId: string) => void;
  /** A reaction that came wrapped in a membership update, as a plain EMOJI_REACTION AMM. */
  onReaction?: (message: ReceivedApplication) => void;
  /** A display name we know for this key ('' if none). */
  nameOf: (key: string) => string;
  ourName: () => string;
  view: (record: MessageRecord) => MessageView;
  onAdded: (message: MessageView) => void;
  onUpdated: (group: GroupView) => void;
  now: () => number;
}

export class GroupsService {
  /** Membership events and group messages not applied, by reason (node.stats). */
  readonly rejected = new Map<GroupRejection, number>();
  readonly #o: GroupsOptions;
  readonly #repo: GroupsRepository;
  readonly #me: string;
  readonly #images: ImagesRepository;
  /** Verified events by signature: the log is re-read for every update and message. */
  readonly #parsed = new ParsedEvents();
  /** Settles when the joins started on receipt are sent (tests and shutdown may await it). */
  #joining: Promise<unknown> = Promise.resolve();

  constructor(options: GroupsOptions) {
    this.#o = options;
    this.#repo = new GroupsRepository(options.db);
    this.#images = new ImagesRepository(options.db);
    this.#me = options.messenger.publicKeyHex;
  }

  // --- views -----------------------------------------------------------------------------------

  get(chatId: string): GroupView {
    const state = this.#state(chatId);
    if (!state.created) throw new GroupError('NOT_FOUND', 'no such group');
    return this.#view(state);
  }

  list(): GroupView[] {
    return this.#repo
      .chatIds()
      .map((id) => this.#state(id))
      .filter((s) => s.created)
      .map((s) => this.#view(s));
  }

  /** The other current members, for our reactions, edits, deletes and pins (GroupGate). */
  recipients(chatId: string): string[] {
    return this.#mustBe(chatId, 'member').members.filter((k) => k !== this.#me);
  }

  /** Whether an action signed by this key in this group is heard (GroupGate). */
  hears(chatId: string, sender: string): null | 'not-a-member' | 'blocked' {
    if (sender !== this.#me && this.#o.isBlocked(sender)) return 'blocked';
    const state = this.#state(chatId);
    return isMember(state, sender) && isMember(state, this.#me) ? null : 'not-a-member';
  }

  /** Resolves once the automatic joins started so far have been sent. */
  async idle(): Promise<void> {
    await this.#joining;
  }

  // --- our changes -----------------------------------------------------------------------------

  async create(name: string, members: string[]): Promise<GroupView> {
    const keys = this.#keys(members).filter((k) => k !== this.#me);
    const chatId = makeGroupId(this.#me);
    const color = COLORS[Math.floor(Math.random() * COLORS.length)] as string;
    const created = this.#sign(chatId, { type: EventType.CHAT_CREATED, name: name.trim(), color }, 0n);
    const events = [created];
    if (keys.length > 0)
      events.push(this.#sign(chatId, { type: EventType.MEMBERS_ADDED, members: keys }, created.clock));
    return await this.#change(chatId, events);
  }

  async rename(chatId: string, name: string): Promise<GroupView> {
    this.#mustBe(chatId, 'member');
    return await this.#act(chatId, { type: EventType.NAME_CHANGED, name: name.trim() });
  }

  /** Any member may (status-go's COLOR_CHANGED rule). */
  async setColor(chatId: string, color: string): Promise<GroupView> {
    this.#mustBe(chatId, 'member');
    return await this.#act(chatId, { type: EventType.COLOR_CHANGED, color: color.toLowerCase() });
  }

  /** Any member may; a PNG, JPEG, WEBP or GIF of at most MAX_GROUP_IMAGE_BYTES (ImageError otherwise). */
  async setImage(chatId: string, data: Uint8Array): Promise<GroupView> {
    this.#mustBe(chatId, 'member');
    const image = checkOutgoingImage(data, MAX_GROUP_IMAGE_BYTES);
    return await this.#act(chatId, { type: EventType.IMAGE_CHANGED, image: image.data });
  }

  /** The group's picture, base64, with its MIME type (sniffed). */
  image(chatId: string): { mimeType: string; data: string } {
    const state = this.#state(chatId);
    const info = state.created && state.image ? imageInfoOf(state.image, MAX_GROUP_IMAGE_BYTES) : null;
    if (!info || !state.image) throw new GroupError('NOT_FOUND', 'this group has no picture');
    return { mimeType: mimeTypeOf(info.format), data: Buffer.from(state.image).toString('base64') };
  }

  async addMembers(chatId: string, members: string[]): Promise<GroupView> {
    const state = this.#mustBe(chatId, 'member');
    const keys = this.#keys(members).filter((k) => !isMember(state, k) && k !== this.#me);
    if (keys.length === 0) return this.#view(state);
    if (new Set([...state.members, ...keys]).size > MAX_GROUP_MEMBERS)
      throw new GroupError('INVALID', `a group has at most ${MAX_GROUP_MEMBERS} members`);
    return await this.#act(chatId, { type: EventType.MEMBERS_ADDED, members: keys });
  }

  async removeMember(chatId: string, member: string): Promise<GroupView> {
    const state = this.#mustBe(chatId, 'admin');
    const key = this.#keys([member])[0] as string;
    if (key === this.#me) return await this.leave(chatId);
    if (!isMember(state, key)) throw new GroupError('NOT_FOUND', 'not a member of this group');
    if (state.admins.has(key)) throw new GroupError('FORBIDDEN', 'an admin cannot be removed by someone else');
    return await this.#act(chatId, { type: EventType.MEMBER_REMOVED, members: [key] });
  }

  async makeAdmin(chatId: string, member: string): Promise<GroupView> {
    const state = this.#mustBe(chatId, 'admin');
    const key = this.#keys([member])[0] as string;
    if (!isMember(state, key)) throw new GroupError('NOT_FOUND', 'not a member of this group');
    if (state.admins.has(key)) return this.#view(state);
    return await this.#act(chatId, { type: EventType.ADMINS_ADDED, members: [key] });
  }

  async join(chatId: string): Promise<GroupView> {
    const state = this.#mustBe(chatId, 'member');
    this.#repo.setDeclined(chatId, false, this.#o.now());
    this.#o.chats.restore(chatId, this.#o.now());
    if (state.joined.has(this.#me)) return this.#emit(this.#view(state));
    return await this.#act(chatId, { type: EventType.MEMBER_JOINED });
  }

  /** Local only (status-go sends nothing either): the invitation and its chat are hidden. */
  decline(chatId: string): { declined: boolean } {
    const state = this.#state(chatId);
    if (!state.created) throw new GroupError('NOT_FOUND', 'no such group');
    this.#repo.setDeclined(chatId, true, this.#o.now());
    this.#o.chats.markDeleted(chatId, this.#o.now());
    this.#emit(this.#view(state));
    return { declined: true };
  }

  async leave(chatId: string): Promise<GroupView> {
    this.#mustBe(chatId, 'member');
    return await this.#act(chatId, { type: EventType.MEMBER_REMOVED, members: [this.#me] });
  }

  /**
   * Our text message to the group: filed in the group chat, then sent (with the event log) to
   * every other current member. The AMM is the same for each of them, so is its id.
   */
  async sendChatMessage(chatId: string, text: string, responseTo?: string, image?: CheckedImage): Promise<MessageView> {
    const state = this.#mustBe(chatId, 'member');
    if (responseTo !== undefined) {
      const replied = this.#o.messages.get(responseTo);
      if (!replied || replied.chatId !== chatId || replied.deletedForMe)
        throw new GroupError('NOT_FOUND', 'the message replied to is not in this chat');
    }
    const clock = nextClock(BigInt(this.#o.chats.get(chatId)?.lastClock ?? 0), this.#o.now());
    const timestamp = this.#o.now();
    const message = {
      clock: u64(clock),
      timestamp: u64(timestamp),
      text,
      chatId,
      messageType: MessageType.PRIVATE_GROUP,
      contentType: image ? ContentType.IMAGE : ContentType.TEXT_PLAIN,
      displayName: this.#o.ourName(),
      ...(image ? { image: imageMessageOf(image) } : {}),
      ...(responseTo ? { responseTo } : {}),
    };
    const payload = this.#payload(chatId, message);
    const id = applicationMessageId(
      Buffer.from(this.#me.slice(2), 'hex'),
      wrapApplicationMessage(AmmType.MEMBERSHIP_UPDATE_MESSAGE, payload, this.#o.chatKey),
    );
    this.#o.db.transaction(() => {
      const inserted = this.#o.messages.insert({
        id,
        chatId,
        sender: this.#me,
        clock: Number(clock),
        timestamp,
        contentType: message.contentType,
        messageType: MessageType.PRIVATE_GROUP,
        text,
        responseTo: responseTo ?? null,
        outgoing: true,
        status: OutgoingStatus.Pending,
        seen: true,
        receivedAt: this.#o.now(),
      });
      if (inserted && image) this.#images.insert(id, image);
    })();
    const stored = this.#o.messages.get(id);
    if (stored) this.#o.onAdded(this.#o.view(stored));
    await this.#send(state.members, payload);
    this.#o.messages.setStatus(id, OutgoingStatus.Sent);
    return this.#o.view(this.#o.messages.get(id) as MessageRecord);
  }

  // --- received --------------------------------------------------------------------------------

  /** Takes MEMBERSHIP_UPDATE_MESSAGEs (true), whoever sent them; anything else is not ours. */
  onApplicationMessage(message: ReceivedApplication): boolean {
    if (message.type !== AmmType.MEMBERSHIP_UPDATE_MESSAGE || message.public) return false;
    if (message.sender !== this.#me && this.#o.isBlocked(message.sender)) return this.#reject('blocked');
    const update = decodeOrError(MembershipUpdateMessage, message.payload, MAX_UPDATE_BYTES);
    if (update instanceof WireDecodeError) return this.#reject('malformed');
    const chatId = update.chatId ?? '';
    if (!groupCreatorOf(chatId)) return this.#reject('chat-id');
    const events: GroupEvent[] = [];
    for (const wire of update.events ?? []) {
      const parsed = this.#parsed.parse(chatId, wire);
      if (typeof parsed === 'string') this.#reject(parsed);
      else events.push(parsed);
    }
    const before = this.#state(chatId);
    const after = groupState(chatId, [...this.#stored(chatId), ...events], this.#o.now());
    // A group we never were in, and are not in now, is none of our business (and not stored).
    if (!isMember(after, this.#me) && !before.applied.some((e) => e.members.includes(this.#me)))
      return this.#reject('not-our-group');
    if (this.#store(chatId, events).length > 0) {
      this.#countRejections(before, after);
      const join = this.#addedUs(before, after);
      this.#applied(before, after);
      if (join) this.#autoJoin(chatId);
    }
    if (update.message) this.#onGroupMessage(message, chatId, update.message);
    else if (update.emojiReaction) {
      // status-go handles a wrapped reaction as a plain one: so do we (message-actions.ts).
      const payload = encode(
        EmojiReaction,
        update.emojiReaction as NonNullable<Parameters<typeof EmojiReaction.create>[0]>,
      );
      if (this.#o.onReaction) this.#o.onReaction({ ...message, type: AmmType.EMOJI_REACTION, payload });
      else this.#reject('unsupported-entity');
    }
    return true;
  }

  #onGroupMessage(
    received: ReceivedApplication,
    chatId: string,
    entity: NonNullable<MembershipUpdateMessage['message']>,
  ): void {
    // Decoded by protobufjs as a ChatMessage; the oneof typing only loses its methods.
    const chat = entity as ChatMessage;
    const state = this.#state(chatId);
    // Only current members are heard, and only while we are one.
    if (!isMember(state, received.sender) || !isMember(state, this.#me)) return void this.#reject('message-not-member');
    if (chat.chatId !== chatId || chat.messageType !== MessageType.PRIVATE_GROUP)
      return void this.#reject('message-wrong-chat');
    const isImage = chat.contentType === ContentType.IMAGE;
    if (
      validateChatMessage(chat, received.wakuTimestampNs) ||
      (chat.contentType !== ContentType.TEXT_PLAIN && !isImage)
    )
      return void this.#reject('message-invalid');
    const image = isImage ? checkIncomingImage(chat.image) : null;
    if (typeof image === 'string') return void this.#reject('message-bad-image');
    const ours = received.sender === this.#me;
    const record = {
      id: received.id,
      chatId,
      sender: received.sender,
      clock: Number(chat.clock.toString()),
      timestamp: Number(chat.timestamp.toString()),
      contentType: isImage ? ContentType.IMAGE : ContentType.TEXT_PLAIN,
      messageType: MessageType.PRIVATE_GROUP,
      text: isImage ? '' : chat.text,
      responseTo: chat.responseTo || null,
      outgoing: ours,
      ...(ours ? { status: OutgoingStatus.Sent, seen: true } : {}),
      receivedAt: this.#o.now(),
    };
    const inserted = this.#o.db.transaction(() => {
      if (!this.#o.messages.insert(record)) return false;
      if (image) this.#images.insert(received.id, image);
      return true;
    })();
    if (this.#repo.declined(chatId)) this.#o.chats.markDeleted(chatId, this.#o.now());
    const stored = inserted ? this.#o.messages.get(received.id) : null;
    if (stored) {
      this.#o.onAdded(this.#o.view(stored));
      // Reactions, edits, deletes, pins that overtook this message apply now.
      this.#o.onMessageArrived?.(received.id);
    }
  }

  /**
   * Received events added us (and we have not joined): by a blocked key, that is no invitation
   * (hidden, as declined); by a mutual contact, we join at once (true).
   */
  #addedUs(before: GroupState, after: GroupState): boolean {
    if (!isMember(after, this.#me) || after.joined.has(this.#me) || this.#repo.declined(after.chatId)) return false;
    const known = new Set(before.applied.map((e) => e.id));
    const adder = this.#adder(after);
    const fresh = after.applied.some(
      (e) => !known.has(e.id) && e.type === EventType.MEMBERS_ADDED && e.members.includes(this.#me),
    );
    if (!fresh || adder === undefined) return false;
    if (this.#o.isBlocked(adder)) {
      this.#reject('blocked-invitation');
      this.#repo.setDeclined(after.chatId, true, this.#o.now());
      return false;
    }
    return this.#o.isMutualContact(adder);
  }

  #autoJoin(chatId: string): void {
    const joining = this.join(chatId).catch(() => this.#reject('auto-join-failed'));
    this.#joining = Promise.all([this.#joining, joining]);
  }

  /** Who last added us to this group. */
  #adder(state: GroupState): string | undefined {
    return [...state.applied].reverse().find((e) => e.type === EventType.MEMBERS_ADDED && e.members.includes(this.#me))
      ?.from;
  }

  // --- internals -------------------------------------------------------------------------------

  #stored(chatId: string): GroupEvent[] {
    const events: GroupEvent[] = [];
    for (const row of this.#repo.events(chatId)) {
      const parsed = this.#parsed.parse(chatId, row.wire);
      if (typeof parsed !== 'string') events.push(parsed);
    }
    return events;
  }

  #state(chatId: string): GroupState {
    return groupState(chatId, this.#stored(chatId), this.#o.now());
  }

  /** Stores the events not yet in the log; returns those. */
  #store(chatId: string, events: GroupEvent[]): GroupEvent[] {
    const now = this.#o.now();
    return this.#o.db.transaction(() =>
      events.filter(
        (e) =>
          e.clock > 0n &&
          e.clock < 2n ** 53n &&
          this.#repo.add({ chatId, eventId: e.id, signer: e.from, clock: Number(e.clock), wire: e.wire }, now),
      ),
    )();
  }

  /** Events of this batch that did not apply (now) are counted, by reason. */
  #countRejections(before: GroupState, after: GroupState): void {
    for (const [reason, n] of after.rejected) {
      const delta = n - (before.rejected.get(reason) ?? 0);
      if (delta > 0) this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + delta);
    }
  }

  /** Files the newly applied events (chat row, system messages) and announces the group. */
  #applied(before: GroupState, after: GroupState): void {
    if (!after.created) return;
    const known = new Set(before.applied.map((e) => e.id));
    const fresh = after.applied.filter((e) => !known.has(e.id));
    const now = this.#o.now();
    const added: MessageRecord[] = [];
    this.#o.db.transaction(() => {
      this.#o.chats.upsert({ id: after.chatId, type: ChatType.PrivateGroup, name: after.name }, now);
      for (const event of fresh) {
        const text = systemText(event, (key) => this.#name(key));
        if (!text) continue;
        const id = `0x${Buffer.from(keccak256(event.wire)).toString('hex')}`;
        const inserted = this.#o.messages.insert({
          id,
          chatId: after.chatId,
          sender: event.from,
          clock: Number(event.clock),
          timestamp: Number(event.clock),
          contentType: ContentType.SYSTEM_MESSAGE_CONTENT_PRIVATE_GROUP,
          messageType: MessageType.SYSTEM_MESSAGE_PRIVATE_GROUP,
          text,
          outgoing: false,
          seen: true,
          receivedAt: now,
        });
        const record = inserted ? this.#o.messages.get(id) : null;
        if (record) added.push(record);
      }
      if (this.#repo.declined(after.chatId)) this.#o.chats.markDeleted(after.chatId, now);
    })();
    for (const record of added) this.#o.onAdded(this.#o.view(record));
    if (fresh.length > 0) this.#emit(this.#view(after));
  }

  /** Signs, files and sends one change of ours; it goes to the members before and after it. */
  async #act(chatId: string, content: Omit<EventContent, 'clock'>): Promise<GroupView> {
    const state = this.#state(chatId);
    const last = state.applied.reduce((max, e) => (e.clock > max ? e.clock : max), 0n);
    return await this.#change(chatId, [this.#sign(chatId, content, last)]);
  }

  async #change(chatId: string, events: GroupEvent[]): Promise<GroupView> {
    const before = this.#state(chatId);
    this.#store(chatId, events);
    const after = this.#state(chatId);
    const applied = new Set(after.applied.map((e) => e.id));
    if (!events.every((e) => applied.has(e.id))) throw new GroupError('FORBIDDEN', 'this change is not allowed');
    this.#applied(before, after);
    await this.#send([...before.members, ...after.members], this.#payload(chatId));
    return this.#view(after);
  }

  #sign(chatId: string, content: Omit<EventContent, 'clock'>, lastClock: bigint): GroupEvent {
    return signEvent(chatId, { ...content, clock: nextClock(lastClock, this.#o.now()) }, this.#o.chatKey);
  }

  /**
   * The MembershipUpdateMessage with the event log, and a chat message if any. Of the pictures,
   * only the latest that applied goes (as status-go's abridged events): each is up to 400 kB, and
   * the older ones change nobody's state.
   */
  #payload(chatId: string, message?: Parameters<typeof ChatMessage.create>[0]): Uint8Array {
    const stored = this.#stored(chatId);
    const pictures = groupState(chatId, stored, this.#o.now()).applied.filter(
      (e) => e.type === EventType.IMAGE_CHANGED,
    );
    const superseded = new Set(pictures.slice(0, -1).map((e) => e.id));
    const events = stored.filter((e) => !superseded.has(e.id)).map((e) => e.wire);
    return encode(MembershipUpdateMessage, { chatId, events, ...(message ? { message } : {}) });
  }

  async #send(recipients: string[], payload: Uint8Array): Promise<void> {
    const to = [...new Set(recipients)].filter((k) => k !== this.#me);
    await Promise.all(
      to.map((key) => this.#o.messenger.sendApplication(key, AmmType.MEMBERSHIP_UPDATE_MESSAGE, payload)),
    );
  }

  #mustBe(chatId: string, role: 'member' | 'admin'): GroupState {
    const state = this.#state(chatId);
    if (!state.created) throw new GroupError('NOT_FOUND', 'no such group');
    if (!isMember(state, this.#me)) throw new GroupError('FORBIDDEN', 'we are not a member of this group');
    if (role === 'admin' && !state.admins.has(this.#me)) throw new GroupError('FORBIDDEN', 'only admins may do this');
    return state;
  }

  #keys(members: string[]): string[] {
    try {
      return [...new Set(members.map((m) => toUncompressedHex(parsePublicKey(m))))];
    } catch {
      throw new GroupError('INVALID', 'not a chat key');
    }
  }

  #name(key: string): string {
    if (key === this.#me) return this.#o.ourName() || 'You';
    return this.#o.nameOf(key) || describePublicKey(Buffer.from(key.slice(2), 'hex')).alias;
  }

  #view(state: GroupState): GroupView {
    const adder = this.#adder(state);
    const member = isMember(state, this.#me);
    // Added by a mutual contact: joined at once (or about to be), never an invitation.
    const invitation =
      member &&
      !state.joined.has(this.#me) &&
      adder !== undefined &&
      !this.#o.isMutualContact(adder) &&
      !this.#o.isBlocked(adder) &&
      !this.#repo.declined(state.chatId);
    return {
      chatId: state.chatId,
      name: state.name,
      color: state.color || (COLORS[0] as string),
      createdBy: state.creator,
      members: state.members.map((key) => ({
        ...describePublicKey(Buffer.from(key.slice(2), 'hex')),
        displayName: key === this.#me ? this.#o.ourName() : this.#o.nameOf(key),
        admin: state.admins.has(key),
        joined: state.joined.has(key),
        me: key === this.#me,
      })),
      active: member,
      invitation,
      admin: member && state.admins.has(this.#me),
      image: state.image ? imageInfoOf(state.image, MAX_GROUP_IMAGE_BYTES) : null,
    };
  }

  #emit(view: GroupView): GroupView {
    this.#o.onUpdated(view);
    return view;
  }

  #reject(reason: GroupRejection): true {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
    return true;
  }
}

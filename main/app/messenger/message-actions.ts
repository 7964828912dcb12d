// What can be done to a 1:1 message after it was sent: edit and delete for everyone (its author
// only), delete for me (local), emoji reactions and pins (either side). Ours go out as status-go's
// app messages (EditMessage 29, DeleteMessage 31, EmojiReaction 22, PinMessage 28) through MVDS;
// theirs are checked and applied here, every refusal counted by reason.
//
// Wire semantics (status-go protocol/messenger_messages.go, messenger_handler.go
// matchChatEntity): the sender writes chat_id = the chat as it sees it, i.e. the recipient's
// 0x04 key, and message_type ONE_TO_ONE. The receiver files the action under the signer's chat.
// We also require chat_id to be our own key and the target message to live in the chat with the
// signer. An action for a message we do not have yet is kept (as status-go keeps edits and
// deletes pending) and replayed through the same checks when that message arrives; kept ones
// are bounded per chat and in total and expire after a week, each eviction counted.
//
// In a private group (status-go dispatchMessage with SkipGroupMessageWrap): the same AMMs, not
// wrapped in a MembershipUpdateMessage, with chat_id = the group id and message_type
// PRIVATE_GROUP, sent pairwise to every other current member. Received ones are heard only when
// their signer and we are current members (matchChatEntity), and never from a key we blocked;
// the rules on the target (author-only edits and deletes, anyone's pins and reactions) are the
// same code as for 1:1.
import { type MessageView, REACTION_EMOJIS, type ReactionEmoji, type ReactionView } from '../../../shared/api.ts';
import { CodedError } from '../../../shared/coded-error.ts';
import { parsePublicKey, toUncompressedHex } from '../../identity/keys.ts';
import type { Db } from '../../storage/database.ts';
import { ChatsRepository } from '../../storage/messenger/chats-repository.ts';
import type { MessageRecord, MessagesRepository } from '../../storage/messenger/messages-repository.ts';
import { PendingActionsRepository } from '../../storage/messenger/pending-actions-repository.ts';
import { type EmojiType, ReactionsRepository } from '../../storage/messenger/reactions-repository.ts';
import { nextClock } from '../../wire/application-metadata.ts';
import {
  MAX_CLOCK_DRIFT_MS,
  transportTimeMs,
  validateDeleteMessage,
  validateEditMessage,
  validateEmojiReaction,
} from '../../wire/message-validation.ts';
import {
  AmmType,
  ContentType,
  DeleteMessage,
  decodeOrError,
  EditMessage,
  EmojiReaction,
  encode,
  MessageType,
  PinMessage,
  SyncDeleteForMeMessage,
  toBigInt,
  u64,
  WireDecodeError,
} from '../../wire/proto.ts';
import { isGroupId } from '../groups/group-events.ts';
import type { Messenger, ReceivedApplication } from './messenger.ts';

export type MessageActionErrorCode = 'NOT_FOUND' | 'NOT_AUTHOR' | 'DELETED' | 'NOT_MEMBER';
export class MessageActionError extends CodedError<MessageActionErrorCode> {}

/** Why one of their actions was not applied: each is counted. */
export type ActionDrop =
  | 'not-a-contact'
  /** A group action from someone who is not a current member (or while we are not one). */
  | 'not-a-member'
  /** A group action signed by a key we blocked. */
  | 'blocked'
  | 'invalid'
  | 'wrong-chat'
  | 'unknown-message'
  | 'not-author'
  | 'stale'
  /** A sync message (delete for me) not signed by our key, or public. */
  | 'not-ours'
  /** Our own sync message could not be sent to our paired devices. */
  | 'send-failed'
  /** Kept for a message that had not arrived, then pushed out by newer ones (per chat or in total). */
  | 'evicted'
  /** Kept for a message that did not arrive within the expiry. */
  | 'expired';

/** What happened to actions kept for messages not arrived yet. */
export type PendingCounter = 'kept' | 'replayed';

export const PENDING_ACTION_LIMITS = {
  perChat: 200,
  total: 2_000,
  expiryMs: 7 * 24 * 60 * 60 * 1000,
} as const;
export type PendingActionLimits = { [K in keyof typeof PENDING_ACTION_LIMITS]: number };

/** What the private groups say about a group chat (groups-service.ts). */
export interface GroupGate {
  /** The other current members to send our action to; throws when we are not a member. */
  recipients(chatId: string): string[];
  /** Whether an action of this signer in this group is heard (null) or why not. */
  hears(chatId: string, sender: string): null | 'not-a-member' | 'blocked';
}

export interface MessageActionEvents {
  onChanged?: (message: MessageView) => void;
  onRemoved?: (removed: { id: string; chatId: string }) => void;
}

const MAX_ACTION_BYTES = 1 << 20;
/** Message ids are 0x + 64 hex digits; anything much longer is not one. */
const MAX_MESSAGE_ID_CHARS = 200;
const ACTION_TYPES: ReadonlySet<AmmType> = new Set([
  AmmType.EDIT_MESSAGE,
  AmmType.DELETE_MESSAGE,
  AmmType.EMOJI_REACTION,
  AmmType.PIN_MESSAGE,
  AmmType.SYNC_DELETE_FOR_ME_MESSAGE,
]);

/** REACTION_EMOJIS[i] is EmojiReaction.Type i + 1 (LOVE = 1 … ANGRY = 6). */
export const emojiToType = (emoji: ReactionEmoji): EmojiType => (REACTION_EMOJIS.indexOf(emoji) + 1) as EmojiType;
export const typeToEmoji = (type: number): ReactionEmoji | undefined => REACTION_EMOJIS[type - 1];

export class MessageActions {
  readonly dropped = new Map<ActionDrop, number>();
  readonly pending = new Map<PendingCounter, number>();
  readonly #messenger: Messenger;
  readonly #messages: MessagesRepository;
  readonly #reactions: ReactionsRepository;
  readonly #chats: ChatsRepository;
  readonly #allows: (sender: string) => boolean;
  readonly #events: MessageActionEvents;
  readonly #now: () => number;
  readonly #lastClock = new Map<string, bigint>();
  readonly #pending: PendingActionsRepository;
  readonly #limits: PendingActionLimits;
  readonly #groups: GroupGate | undefined;
  readonly #toOwnDevices: ((type: AmmType, payload: Uint8Array) => Promise<unknown>) | undefined;

  constructor(options: {
    db: Db;
    messenger: Messenger;
    messages: MessagesRepository;
    /** The contacts gate: whether this 0x04 key may act in a chat with us. */
    allows: (sender: string) => boolean;
    events?: MessageActionEvents;
    now?: () => number;
    pendingLimits?: Partial<PendingActionLimits>;
    /** Private groups; without it, actions on group messages are refused. */
    groups?: GroupGate;
    /**
     * Sends to our paired devices (status-go's sync messages; nothing while none is paired):
     * "delete for me" goes there as SYNC_DELETE_FOR_ME_MESSAGE.
     */
    toOwnDevices?: (type: AmmType, payload: Uint8Array) => Promise<unknown>;
  }) {
    this.#groups = options.groups;
    this.#toOwnDevices = options.toOwnDevices;
    this.#messenger = options.messenger;
    this.#messages = options.messages;
    this.#reactions = new ReactionsRepository(options.db);
    this.#chats = new ChatsRepository(options.db);
    this.#allows = options.allows;
    this.#events = options.events ?? {};
    this.#now = options.now ?? Date.now;
    this.#pending = new PendingActionsRepository(options.db);
    this.#limits = { ...PENDING_ACTION_LIMITS, ...options.pendingLimits };
  }

  /** The next clock for something we send in a chat (status-go's chat.NextClockAndTimestamp). */
  nextClock(chatId: string): bigint {
    const stored = BigInt(this.#chats.get(chatId)?.lastClock ?? 0);
    const used = this.#lastClock.get(chatId) ?? 0n;
    const clock = nextClock(stored > used ? stored : used, this.#now());
    this.#lastClock.set(chatId, clock);
    return clock;
  }

  /** The contract's view of a stored message: reply preview and reactions included. */
  view(record: MessageRecord): MessageView {
    const replied = record.responseTo ? this.#messages.get(record.responseTo) : null;
    const me = this.#messenger.publicKeyHex;
    const byEmoji = new Map<ReactionEmoji, ReactionView>();
    for (const r of this.#reactions.forMessage(record.id)) {
      const emoji = typeToEmoji(r.emoji);
      if (!emoji) continue;
      const entry = byEmoji.get(emoji) ?? { emoji, count: 0, mine: false };
      entry.count += 1;
      if (r.sender === me) entry.mine = true;
      byEmoji.set(emoji, entry);
    }
    return {
      id: record.id,
      chatId: record.chatId,
      sender: record.sender,
      text: record.deleted ? '' : record.text,
      clock: record.clock,
      timestamp: record.timestamp,
      outgoing: record.outgoing,
      status: record.status,
      responseTo: record.responseTo,
      replyPreview:
        replied && replied.chatId === record.chatId && !replied.deletedForMe
          ? { sender: replied.sender, text: replied.deleted ? '' : replied.text, deleted: replied.deleted }
          : null,
      edited: record.editedClock > 0,
      deleted: record.deleted,
      pinned: record.pinned,
      reactions: REACTION_EMOJIS.flatMap((e) => byEmoji.get(e) ?? []),
      image: record.contentType === ContentType.IMAGE && !record.deleted ? this.#messages.image(record.id) : null,
      // A private group's membership change (groups-service.ts files them).
      ...(record.contentType === ContentType.SYSTEM_MESSAGE_CONTENT_PRIVATE_GROUP ? { system: true } : {}),
    };
  }

  /**
   * A chat's pinned messages, most recently pinned first: ordered by the clock of the pin that
   * applied (a Lamport clock on ms, i.e. when it was pinned, whichever side pinned it and however
   * late its PinMessage reached us). Any key format for the chat.
   */
  pinned(chat: string): MessageView[] {
    const chatId = isGroupId(chat) ? chat : toUncompressedHex(parsePublicKey(chat));
    return this.#messages
      .pinned(chatId)
      .filter((m) => !m.deletedForMe && m.contentType !== ContentType.CONTACT_REQUEST)
      .map((m) => this.view(m));
  }

  // --- our actions -----------------------------------------------------------------------------

  async edit(messageId: string, text: string): Promise<MessageView> {
    const record = this.#ours(messageId);
    const clock = this.nextClock(record.chatId);
    const payload = encode(EditMessage, {
      clock: u64(clock),
      text,
      chatId: record.chatId,
      messageId,
      messageType: messageTypeOf(record.chatId),
      contentType: ContentType.TEXT_PLAIN,
    });
    await this.#send(record.chatId, AmmType.EDIT_MESSAGE, payload, () => {
      this.#messages.edit(messageId, text, Number(clock), this.#now());
    });
    return this.#changed(messageId);
  }

  async delete(messageId: string, forEveryone: boolean): Promise<{ id: string; chatId: string }> {
    if (!forEveryone) {
      const record = this.#target(messageId, { allowDeleted: true });
      if (this.#messages.markDeletedForMe(messageId)) {
        this.#events.onRemoved?.({ id: messageId, chatId: record.chatId });
        const sync = encode(SyncDeleteForMeMessage, { clock: u64(this.nextClock(record.chatId)), messageId });
        // Our other devices hide it too; a failed send costs only that (MVDS retries what was queued).
        await this.#toOwnDevices?.(AmmType.SYNC_DELETE_FOR_ME_MESSAGE, sync).catch(() => this.#drop('send-failed'));
      }
      return { id: messageId, chatId: record.chatId };
    }
    const record = this.#ours(messageId);
    const clock = this.nextClock(record.chatId);
    const payload = encode(DeleteMessage, {
      clock: u64(clock),
      chatId: record.chatId,
      messageId,
      messageType: messageTypeOf(record.chatId),
    });
    await this.#send(record.chatId, AmmType.DELETE_MESSAGE, payload, () => {
      this.#messages.markDeleted(messageId, this.#messenger.publicKeyHex);
    });
    this.#changed(messageId);
    return { id: messageId, chatId: record.chatId };
  }

  async react(messageId: string, emoji: ReactionEmoji, remove: boolean): Promise<MessageView> {
    const record = this.#target(messageId);
    const clock = this.nextClock(record.chatId);
    const type = emojiToType(emoji);
    const payload = encode(EmojiReaction, {
      clock: u64(clock),
      chatId: record.chatId,
      messageId,
      messageType: messageTypeOf(record.chatId),
      type,
      retracted: remove,
    });
    await this.#send(record.chatId, AmmType.EMOJI_REACTION, payload, () => {
      this.#reactions.upsert({
        messageId,
        chatId: record.chatId,
        sender: this.#messenger.publicKeyHex,
        emoji: type,
        clock: Number(clock),
        retracted: remove,
      });
    });
    return this.#changed(messageId);
  }

  async pin(messageId: string, pinned: boolean): Promise<MessageView> {
    const record = this.#target(messageId);
    const clock = this.nextClock(record.chatId);
    const payload = encode(PinMessage, {
      clock: u64(clock),
      messageId,
      chatId: record.chatId,
      pinned,
      messageType: messageTypeOf(record.chatId),
    });
    await this.#send(record.chatId, AmmType.PIN_MESSAGE, payload, () => {
      this.#messages.setPinned(messageId, pinned, this.#messenger.publicKeyHex, Number(clock));
    });
    return this.#changed(messageId);
  }

  /**
   * A 1:1 action goes to the peer (applied here once queued); a group action is applied here,
   * then goes the same AMM to every other current member (none: nothing to send).
   */
  async #send(chatId: string, type: AmmType, payload: Uint8Array, apply: () => void): Promise<void> {
    if (!isGroupId(chatId)) {
      await this.#messenger.sendApplication(chatId, type, payload, apply);
      return;
    }
    let recipients: string[];
    try {
      if (!this.#groups) throw new Error('no groups');
      recipients = this.#groups.recipients(chatId);
    } catch {
      throw new MessageActionError('NOT_MEMBER', 'we are not a member of this group');
    }
    apply();
    await Promise.all(recipients.map((key) => this.#messenger.sendApplication(key, type, payload)));
  }

  // --- their actions ---------------------------------------------------------------------------

  /** Applies an edit / delete / reaction / pin from the other side; false when the type is not ours. */
  onApplicationMessage(message: ReceivedApplication): boolean {
    if (!ACTION_TYPES.has(message.type)) return false;
    try {
      // Who may act is decided with the chat (#theirTarget): a contact in 1:1, a member in a group.
      switch (message.type) {
        case AmmType.EDIT_MESSAGE:
          this.#onEdit(message);
          break;
        case AmmType.DELETE_MESSAGE:
          this.#onDelete(message);
          break;
        case AmmType.EMOJI_REACTION:
          this.#onReaction(message);
          break;
        case AmmType.SYNC_DELETE_FOR_ME_MESSAGE:
          this.#onDeleteForMe(message);
          break;
        default:
          this.#onPin(message);
      }
    } catch {
      // A repository refusal (e.g. an out-of-range clock) costs this action, never the node.
      this.#drop('invalid');
    }
    return true;
  }

  #onEdit(message: ReceivedApplication): void {
    const edit = decodeOrError(EditMessage, message.payload, MAX_ACTION_BYTES);
    if (edit instanceof WireDecodeError || validateEditMessage(edit)) return void this.#drop('invalid');
    const clock = this.#clock(edit.clock, message.wakuTimestampNs);
    if (clock === null) return void this.#drop('invalid');
    const target = this.#theirTarget(message, edit.chatId, edit.messageType, edit.messageId);
    if (!target) return;
    if (target.sender !== message.sender) return void this.#drop('not-author');
    if (!this.#messages.edit(target.id, edit.text, clock, this.#now())) return void this.#drop('stale');
    this.#changed(target.id);
  }

  #onDelete(message: ReceivedApplication): void {
    const deletion = decodeOrError(DeleteMessage, message.payload, MAX_ACTION_BYTES);
    if (deletion instanceof WireDecodeError || validateDeleteMessage(deletion)) return void this.#drop('invalid');
    if (this.#clock(deletion.clock, message.wakuTimestampNs) === null) return void this.#drop('invalid');
    const target = this.#theirTarget(message, deletion.chatId, deletion.messageType, deletion.messageId);
    if (!target) return;
    if (target.sender !== message.sender) return void this.#drop('not-author');
    if (!this.#messages.markDeleted(target.id, message.sender)) return void this.#drop('stale');
    this.#changed(target.id);
  }

  /** One of our paired devices deleted a message for us (status-go's HandleSyncDeleteForMeMessage). */
  #onDeleteForMe(message: ReceivedApplication): void {
    if (!this.#fromSelf(message)) return void this.#drop('not-ours');
    const deletion = decodeOrError(SyncDeleteForMeMessage, message.payload, MAX_ACTION_BYTES);
    if (deletion instanceof WireDecodeError || !deletion.messageId || deletion.messageId.length > MAX_MESSAGE_ID_CHARS)
      return void this.#drop('invalid');
    if (this.#clock(deletion.clock, message.wakuTimestampNs) === null) return void this.#drop('invalid');
    const target = this.#messages.get(deletion.messageId);
    // Not here yet (status-go saves it for later too): applied when the message comes.
    if (!target) return void this.#keep(message, deletion.messageId);
    if (!this.#messages.markDeletedForMe(target.id)) return void this.#drop('stale');
    this.#events.onRemoved?.({ id: target.id, chatId: target.chatId });
  }

  #onReaction(message: ReceivedApplication): void {
    const reaction = decodeOrError(EmojiReaction, message.payload, MAX_ACTION_BYTES);
    if (reaction instanceof WireDecodeError || validateEmojiReaction(reaction, message.wakuTimestampNs))
      return void this.#drop('invalid');
    const clock = this.#clock(reaction.clock, message.wakuTimestampNs);
    if (clock === null || !typeToEmoji(reaction.type)) return void this.#drop('invalid');
    const target = this.#theirTarget(message, reaction.chatId, reaction.messageType, reaction.messageId);
    if (!target) return;
    const applied = this.#reactions.upsert({
      messageId: target.id,
      chatId: target.chatId,
      sender: message.sender,
      emoji: reaction.type as number as EmojiType,
      clock,
      retracted: reaction.retracted === true,
    });
    if (!applied) return void this.#drop('stale');
    this.#changed(target.id);
  }

  #onPin(message: ReceivedApplication): void {
    const pin = decodeOrError(PinMessage, message.payload, MAX_ACTION_BYTES);
    if (pin instanceof WireDecodeError || !pin.messageId || !pin.chatId) return void this.#drop('invalid');
    const clock = this.#clock(pin.clock, message.wakuTimestampNs);
    if (clock === null) return void this.#drop('invalid');
    const target = this.#theirTarget(message, pin.chatId, pin.messageType, pin.messageId);
    if (!target) return;
    if (!this.#messages.setPinned(target.id, pin.pinned === true, message.sender, clock))
      return void this.#drop('stale');
    this.#changed(target.id);
  }

  /** A clock usable as a number, not zero and not too far ahead of the transport time. */
  #clock(value: Parameters<typeof toBigInt>[0], wakuTimestampNs: bigint): number | null {
    const clock = toBigInt(value);
    if (clock <= 0n || clock > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    if (clock > transportTimeMs(wakuTimestampNs) + MAX_CLOCK_DRIFT_MS) return null;
    return Number(clock);
  }

  /**
   * The message an action is about, in our 1:1 chat with its signer; counts why not. An action
   * for a message we do not have yet is kept for it (null: nothing to apply now).
   */
  #theirTarget(
    action: ReceivedApplication,
    chatId: string,
    messageType: MessageType,
    messageId: string,
  ): MessageRecord | null {
    const ours = this.#fromSelf(action);
    const us = this.#messenger.publicKeyHex;
    let chat: string;
    if (messageType === MessageType.PRIVATE_GROUP) {
      // A group names itself; its signer and we must be current members (matchChatEntity).
      if (!isGroupId(chatId) || !this.#groups) {
        this.#drop('wrong-chat');
        return null;
      }
      const refused = this.#groups.hears(chatId, action.sender);
      if (refused) {
        this.#drop(refused);
        return null;
      }
      chat = chatId;
    } else {
      // Ours from a paired device of ours (the messenger refused unpaired ones) apply as ours.
      if (!ours && !this.#allows(action.sender)) {
        this.#drop('not-a-contact');
        return null;
      }
      // Their action names our key as the chat; ours (from another device of ours) names the peer.
      chat = ours ? chatId.toLowerCase() : action.sender;
      if (messageType !== MessageType.ONE_TO_ONE || (ours ? chat === us : chatId.toLowerCase() !== us)) {
        this.#drop('wrong-chat');
        return null;
      }
    }
    const target = this.#messages.get(messageId);
    if (!target) {
      if ((action as { public?: boolean }).public === true) this.#drop('unknown-message');
      else this.#keep(action, messageId);
      return null;
    }
    if (
      target.contentType === ContentType.CONTACT_REQUEST ||
      target.contentType === ContentType.SYSTEM_MESSAGE_CONTENT_PRIVATE_GROUP
    ) {
      this.#drop('unknown-message');
      return null;
    }
    if (target.chatId !== chat) {
      this.#drop('wrong-chat');
      return null;
    }
    return target;
  }

  /** An action signed by our own key, not public: from a paired device of ours. */
  #fromSelf(action: ReceivedApplication): boolean {
    return action.sender === this.#messenger.publicKeyHex && action.public !== true;
  }

  // --- actions that came before their message ------------------------------------------------

  /**
   * A message was stored: applies the actions that were waiting for it, each through the same
   * checks as on arrival (contact, chat, author, clock). Call it inside the insert's transaction.
   */
  onMessageArrived(messageId: string): void {
    for (const kept of this.#pending.takeFor(messageId)) {
      this.#count('replayed');
      // Only 1:1 actions (MVDS, not public) are kept: replayed as what they were.
      const replay = {
        id: kept.id,
        type: kept.type as AmmType,
        payload: kept.payload,
        sender: kept.sender,
        wakuTimestampNs: kept.wakuTimestampNs,
        public: false,
      };
      this.onApplicationMessage(replay);
    }
  }

  /** Actions kept now (all chats). */
  pendingCount(): number {
    return this.#pending.count();
  }

  #keep(action: ReceivedApplication, targetId: string): void {
    const now = this.#now();
    const expired = this.#pending.expire(now - this.#limits.expiryMs);
    if (expired > 0) this.dropped.set('expired', (this.dropped.get('expired') ?? 0) + expired);
    const added = this.#pending.add({
      id: action.id,
      targetId,
      chatId: action.sender,
      type: action.type,
      payload: action.payload,
      sender: action.sender,
      wakuTimestampNs: action.wakuTimestampNs,
      receivedAt: now,
    });
    if (!added) return; // the same action again (a re-send): kept once
    this.#count('kept');
    while (this.#pending.countInChat(action.sender) > this.#limits.perChat && this.#pending.evictOldest(action.sender))
      this.#drop('evicted');
    while (this.#pending.count() > this.#limits.total && this.#pending.evictOldest()) this.#drop('evicted');
  }

  #count(counter: PendingCounter): void {
    this.pending.set(counter, (this.pending.get(counter) ?? 0) + 1);
  }

  // --- helpers ---------------------------------------------------------------------------------

  #target(messageId: string, options: { allowDeleted?: boolean } = {}): MessageRecord {
    const record = this.#messages.get(messageId);
    if (
      !record ||
      record.deletedForMe ||
      record.contentType === ContentType.CONTACT_REQUEST ||
      record.contentType === ContentType.SYSTEM_MESSAGE_CONTENT_PRIVATE_GROUP
    )
      throw new MessageActionError('NOT_FOUND', 'no such message');
    if (record.deleted && !options.allowDeleted) throw new MessageActionError('DELETED', 'this message was deleted');
    return record;
  }

  #ours(messageId: string): MessageRecord {
    const record = this.#target(messageId);
    if (!record.outgoing || record.sender !== this.#messenger.publicKeyHex)
      throw new MessageActionError('NOT_AUTHOR', 'only its author can change a message');
    return record;
  }

  #changed(messageId: string): MessageView {
    const record = this.#messages.get(messageId);
    if (!record) throw new MessageActionError('NOT_FOUND', 'no such message');
    const view = this.view(record);
    this.#events.onChanged?.(view);
    return view;
  }

  #drop(reason: ActionDrop): false {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
    return false;
  }
}

/** The message_type our actions in this chat carry. */
function messageTypeOf(chatId: string): MessageType {
  return isGroupId(chatId) ? MessageType.PRIVATE_GROUP : MessageType.ONE_TO_ONE;
}

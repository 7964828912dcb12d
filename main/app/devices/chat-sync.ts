// What we do with our chats on one device shows on our paired devices, as status-go syncs it
// (protocol/messenger.go syncChatMessagesRead, syncChatRemoving; messenger_handler.go
// HandleSyncChatMessagesRead, HandleSyncChatRemoved): reading a chat sends SYNC_CHAT_MESSAGES_READ
// (AMM type 35) with the clock of its latest incoming message, hiding a chat sends
// SYNC_CHAT_REMOVED (34) with the clock of the removal. Both go to our own key (MVDS, encrypted
// for our paired installations only; nothing is sent while none is paired). Received ones come
// only from our paired installations (the messenger refuses the others).
import { isPublicKeyText, parsePublicKey, toUncompressedHex } from '../../identity/keys.ts';
import { MAX_CLOCK_DRIFT_MS, transportTimeMs } from '../../wire/message-validation.ts';
import {
  AmmType,
  decodeOrError,
  encode,
  SyncChatMessagesRead,
  SyncChatRemoved,
  toBigInt,
  u64,
  WireDecodeError,
} from '../../wire/proto.ts';
import { isGroupId } from '../groups/group-events.ts';
import type { ReceivedApplication } from '../messenger/messenger.ts';

/** Why a chat sync was not used (or not sent): each is counted. */
export type ChatSyncDrop =
  | 'invalid'
  | 'not-ours'
  | 'future-clock'
  /** A chat this device does not have (status-go: ErrChatNotFound). */
  | 'unknown-chat'
  /** Nothing to do: already read, already hidden, or a message newer than the removal. */
  | 'stale'
  | 'send-failed';

/** A chat id and a clock: a few hundred bytes at most. */
export const MAX_CHAT_SYNC_BYTES = 4 * 1024;

/** What the chats of this account do for a sync from another device of ours. */
export interface SyncedChats {
  /** Marks its incoming messages up to `clock` read; false when the chat is unknown. */
  markReadUpTo(chatId: string, clock: number): { known: boolean; marked: number };
  /** Hides the chat unless a message newer than `clock` is in it; 'unknown' when there is no such chat. */
  hideAt(chatId: string, clock: number): 'hidden' | 'stale' | 'unknown';
}

export interface ChatSyncOptions {
  /** Our 0x04 key. */
  ourKey: string;
  chats: SyncedChats;
  /** Whether any installation of ours is paired (nothing is sent otherwise). */
  hasPaired: () => boolean;
  /** Sends an app message to our own key (reaching our paired devices). */
  sendToSelf: (type: AmmType, payload: Uint8Array) => Promise<unknown>;
  /** A chat changed because of a sync (its unread count, or it was hidden). */
  onChanged: (chatId: string) => void;
}

export class ChatSync {
  readonly dropped = new Map<ChatSyncDrop, number>();
  readonly #options: ChatSyncOptions;

  constructor(options: ChatSyncOptions) {
    this.#options = options;
  }

  /** We read a chat here up to `clock` (its latest incoming message's). Never throws. */
  syncRead(chatId: string, clock: number): Promise<boolean> {
    return this.#send(AmmType.SYNC_CHAT_MESSAGES_READ, encode(SyncChatMessagesRead, { clock: u64(clock), id: chatId }));
  }

  /** We hid a chat here; `clock` is the removal's (at least the chat's last). Never throws. */
  syncRemoved(chatId: string, clock: number): Promise<boolean> {
    return this.#send(AmmType.SYNC_CHAT_REMOVED, encode(SyncChatRemoved, { clock: u64(clock), id: chatId }));
  }

  /** A chat sync from one of our paired devices; false when the message is of another type. */
  onApplicationMessage(message: ReceivedApplication): boolean {
    const read = message.type === AmmType.SYNC_CHAT_MESSAGES_READ;
    if (!read && message.type !== AmmType.SYNC_CHAT_REMOVED) return false;
    if (message.sender !== this.#options.ourKey || message.public) return this.#drop('not-ours');
    const sync = readChatSync(
      read ? SyncChatMessagesRead : SyncChatRemoved,
      message.payload,
      transportTimeMs(message.wakuTimestampNs) + MAX_CLOCK_DRIFT_MS,
    );
    if (typeof sync === 'string') return this.#drop(sync);
    if (read) {
      const { known, marked } = this.#options.chats.markReadUpTo(sync.chatId, sync.clock);
      if (!known) return this.#drop('unknown-chat');
      if (marked === 0) return this.#drop('stale');
    } else {
      const outcome = this.#options.chats.hideAt(sync.chatId, sync.clock);
      if (outcome !== 'hidden') return this.#drop(outcome === 'unknown' ? 'unknown-chat' : 'stale');
    }
    this.#options.onChanged(sync.chatId);
    return true;
  }

  async #send(type: AmmType, payload: Uint8Array): Promise<boolean> {
    if (!this.#options.hasPaired()) return false;
    try {
      await this.#options.sendToSelf(type, payload);
      return true;
    } catch {
      this.#drop('send-failed');
      return false;
    }
  }

  #drop(reason: ChatSyncDrop): true {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
    return true;
  }
}

/**
 * The chat and clock a SYNC_CHAT_MESSAGES_READ / SYNC_CHAT_REMOVED names, or why it is refused:
 * not a protobuf, not a chat id of ours to have (a 1:1 chat's 0x04 key or a group id), a zero,
 * negative or oversize clock ('invalid'), a clock beyond `maxClock` (ms, 'future-clock').
 */
export function readChatSync(
  type: typeof SyncChatMessagesRead | typeof SyncChatRemoved,
  payload: Uint8Array,
  maxClock: bigint,
): { chatId: string; clock: number } | 'invalid' | 'future-clock' {
  const decoded = decodeOrError(type, payload, MAX_CHAT_SYNC_BYTES);
  if (decoded instanceof WireDecodeError) return 'invalid';
  const chatId = chatIdIn(decoded.id);
  if (chatId === null) return 'invalid';
  const clock = toBigInt(decoded.clock);
  if (clock <= 0n || clock > BigInt(Number.MAX_SAFE_INTEGER)) return 'invalid';
  if (clock > maxClock) return 'future-clock';
  return { chatId, clock: Number(clock) };
}

/** A group's id as is; a 1:1 chat's (the peer's key, 0x04 hex as status-go writes it) normalised. */
function chatIdIn(id: string): string | null {
  if (isGroupId(id)) return id;
  if (!ONE_TO_ONE_ID.test(id) || !isPublicKeyText(id)) return null;
  return toUncompressedHex(parsePublicKey(id));
}

const ONE_TO_ONE_ID = /^0x04[0-9a-fA-F]{128}$/;

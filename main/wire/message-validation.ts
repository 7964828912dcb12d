// status-go's checks on received app messages (protocol/message_validator.go): what it
// refuses, we refuse, each with a reason to count. "Transport time" is the Waku message's
// timestamp in whole seconds times 1000, the value status-go compares clocks against.
import { DISPLAY_NAME_PATTERN } from '../../shared/api.ts';
import {
  AudioType,
  type ChatMessage,
  ContentType,
  type DeleteMessage,
  type EditMessage,
  type EmojiReaction,
  EmojiReactionType,
  ImageFormat,
  MessageType,
  type StatusUpdate,
  StatusType,
  toBigInt,
} from './proto.ts';

export const MAX_TEXT_RUNES = 4096;
export const MAX_STATUS_TEXT_RUNES = 128;
/** A clock may run at most this far ahead of the transport time. */
export const MAX_CLOCK_DRIFT_MS = 120_000n;

export const InvalidReason = {
  ZeroClock: 'zero_clock',
  FutureClock: 'future_clock',
  ZeroTimestamp: 'zero_timestamp',
  EmptyText: 'empty_text',
  TextTooLong: 'text_too_long',
  EmptyChatId: 'empty_chat_id',
  EmptyMessageId: 'empty_message_id',
  UnknownMessageType: 'unknown_message_type',
  UnknownContentType: 'unknown_content_type',
  ForbiddenContentType: 'forbidden_content_type',
  MissingSticker: 'missing_sticker',
  MissingImage: 'missing_image',
  MissingAudio: 'missing_audio',
  MissingBridgeFields: 'missing_bridge_fields',
  BadDisplayName: 'bad_display_name',
  UnknownReaction: 'unknown_reaction',
  UnknownStatusType: 'unknown_status_type',
} as const;
export type InvalidReason = (typeof InvalidReason)[keyof typeof InvalidReason];

/** Runes as Go counts them: code points. */
export function runeCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export function transportTimeMs(wakuTimestampNs: bigint): bigint {
  return (wakuTimestampNs / 1_000_000_000n) * 1000n;
}

function checkClock(clock: bigint, transportMs: bigint): InvalidReason | null {
  if (clock === 0n) return InvalidReason.ZeroClock;
  if (clock > transportMs + MAX_CLOCK_DRIFT_MS) return InvalidReason.FutureClock;
  return null;
}

function checkText(text: string): InvalidReason | null {
  if (text.trim() === '') return InvalidReason.EmptyText;
  if (runeCount(text) > MAX_TEXT_RUNES) return InvalidReason.TextTooLong;
  return null;
}

function checkMessageType(type: MessageType): InvalidReason | null {
  return type === MessageType.UNKNOWN_MESSAGE_TYPE || type === MessageType.SYSTEM_MESSAGE_PRIVATE_GROUP
    ? InvalidReason.UnknownMessageType
    : null;
}

/** status-go's display-name rule; an empty name is allowed (the alias is shown instead). */
export function checkDisplayName(name: string): InvalidReason | null {
  const trimmed = name.trim();
  if (trimmed === '') return null;
  if (!DISPLAY_NAME_PATTERN.test(trimmed) || /[-_.]eth$/i.test(trimmed)) return InvalidReason.BadDisplayName;
  return null;
}

const FORBIDDEN_CONTENT: ReadonlySet<ContentType> = new Set([
  ContentType.TRANSACTION_COMMAND,
  ContentType.SYSTEM_MESSAGE_CONTENT_PRIVATE_GROUP,
  ContentType.SYSTEM_MESSAGE_MUTUAL_EVENT_SENT,
  ContentType.SYSTEM_MESSAGE_MUTUAL_EVENT_ACCEPTED,
  ContentType.SYSTEM_MESSAGE_MUTUAL_EVENT_REMOVED,
]);

export function validateChatMessage(message: ChatMessage, wakuTimestampNs: bigint): InvalidReason | null {
  const clockProblem = checkClock(toBigInt(message.clock), transportTimeMs(wakuTimestampNs));
  if (clockProblem) return clockProblem;
  if (toBigInt(message.timestamp) === 0n) return InvalidReason.ZeroTimestamp;
  const type = message.contentType;
  const textOptional =
    type === ContentType.DISCORD_MESSAGE || type === ContentType.BRIDGE_MESSAGE || (type === ContentType.IMAGE && !message.text);
  if (!textOptional) {
    const textProblem = checkText(message.text ?? '');
    if (textProblem) return textProblem;
  }
  if (!message.chatId) return InvalidReason.EmptyChatId;
  const typeProblem = checkMessageType(message.messageType);
  if (typeProblem) return typeProblem;
  if (type === ContentType.UNKNOWN_CONTENT_TYPE) return InvalidReason.UnknownContentType;
  if (FORBIDDEN_CONTENT.has(type)) return InvalidReason.ForbiddenContentType;
  if (type === ContentType.STICKER && !message.sticker?.hash) return InvalidReason.MissingSticker;
  if (
    type === ContentType.IMAGE &&
    (!message.image?.payload?.length || message.image.format === ImageFormat.UNKNOWN_IMAGE_FORMAT)
  ) {
    return InvalidReason.MissingImage;
  }
  if (type === ContentType.AUDIO && (!message.audio?.payload?.length || message.audio.type === AudioType.UNKNOWN_AUDIO_TYPE)) {
    return InvalidReason.MissingAudio;
  }
  if (
    type === ContentType.BRIDGE_MESSAGE &&
    (!message.bridgeMessage?.userName || !message.bridgeMessage.bridgeName || !message.bridgeMessage.content)
  ) {
    return InvalidReason.MissingBridgeFields;
  }
  return checkDisplayName(message.displayName ?? '');
}

export function validateEmojiReaction(reaction: EmojiReaction, wakuTimestampNs: bigint): InvalidReason | null {
  const clockProblem = checkClock(toBigInt(reaction.clock), transportTimeMs(wakuTimestampNs));
  if (clockProblem) return clockProblem;
  if (!reaction.messageId) return InvalidReason.EmptyMessageId;
  if (!reaction.chatId) return InvalidReason.EmptyChatId;
  if (reaction.type === EmojiReactionType.UNKNOWN_EMOJI_REACTION_TYPE) return InvalidReason.UnknownReaction;
  if (reaction.messageType === MessageType.UNKNOWN_MESSAGE_TYPE) return InvalidReason.UnknownMessageType;
  return null;
}

export function validateEditMessage(edit: EditMessage): InvalidReason | null {
  if (toBigInt(edit.clock) === 0n) return InvalidReason.ZeroClock;
  if (!edit.chatId) return InvalidReason.EmptyChatId;
  if (!edit.messageId) return InvalidReason.EmptyMessageId;
  return checkMessageType(edit.messageType) ?? checkText(edit.text ?? '');
}

export function validateDeleteMessage(deletion: DeleteMessage): InvalidReason | null {
  if (!deletion.chatId) return InvalidReason.EmptyChatId;
  if (!deletion.messageId) return InvalidReason.EmptyMessageId;
  return checkMessageType(deletion.messageType);
}

export function validateStatusUpdate(update: StatusUpdate): InvalidReason | null {
  if (toBigInt(update.clock) === 0n) return InvalidReason.ZeroClock;
  if (update.statusType === StatusType.UNKNOWN_STATUS_TYPE) return InvalidReason.UnknownStatusType;
  if (runeCount(update.customText ?? '') > MAX_STATUS_TEXT_RUNES) return InvalidReason.TextTooLong;
  return null;
}

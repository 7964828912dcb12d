// Test fixtures shared by the renderer specs (and the notifier's node test): message views.
// Types only from shared/, so any test may import this.
import type { MessageView } from '../../../shared/api.ts';

/** A received text message with no status, reply, edit, pin, reaction or picture; `fields` override. */
export function messageView(fields: Partial<MessageView> = {}): MessageView {
  return {
    id: `0x${'11'.repeat(32)}`,
    chatId: 'c',
    sender: 's',
    text: '',
    clock: 1,
    timestamp: 1,
    outgoing: false,
    status: null,
    responseTo: null,
    replyPreview: null,
    edited: false,
    deleted: false,
    pinned: false,
    reactions: [],
    image: null,
    ...fields,
  };
}

/** The `i`th message of a conversation: a 32-byte hex id, clocks from 1_700_000_000_000, one second apart. */
export function numberedMessage(i: number, fields: Partial<MessageView> = {}): MessageView {
  return messageView({
    id: `0x${i.toString(16).padStart(64, '0')}`,
    text: `message ${i}`,
    clock: 1_700_000_000_000 + i,
    timestamp: 1_700_000_000_000 + i * 1000,
    ...fields,
  });
}

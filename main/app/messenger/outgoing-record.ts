// One place that files a message we are sending into a 1:1 chat: the chat row and the message
// row together, in one transaction, while the messenger queues it (so a crash never leaves a
// queued message without its row, or a row for a message that was never queued).
import type { Db } from '../../storage/database.ts';
import { type ChatsRepository, ChatType } from '../../storage/messenger/chats-repository.ts';
import { type MessagesRepository, OutgoingStatus } from '../../storage/messenger/messages-repository.ts';
import { MessageType } from '../../wire/proto.ts';

export interface OutgoingOneToOne {
  id: string;
  peer: string;
  sender: string;
  clock: number;
  timestamp: number;
  contentType: number;
  text: string;
}

export function recordOutgoingOneToOne(
  store: { db: Db; chats: ChatsRepository; messages: MessagesRepository },
  message: OutgoingOneToOne,
  now: number,
): void {
  store.db.transaction(() => {
    store.chats.upsert({ id: message.peer, type: ChatType.OneToOne, name: message.peer }, now);
    store.messages.insert({
      id: message.id,
      chatId: message.peer,
      sender: message.sender,
      clock: message.clock,
      timestamp: message.timestamp,
      contentType: message.contentType,
      messageType: MessageType.ONE_TO_ONE,
      text: message.text,
      outgoing: true,
      status: OutgoingStatus.Pending,
      seen: true,
      receivedAt: now,
    });
  })();
}

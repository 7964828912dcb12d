// The bytes of a 1:1 ChatMessage as status-go writes them: chat id = the recipient's 0x04 key,
// message type ONE_TO_ONE; the sender's clock and wall time. Texts, images, contact requests and
// replies differ only in the extra fields.
import { ChatMessage, type ContentType, encode, MessageType, u64 } from '../../wire/proto.ts';

type Extra = Omit<
  ConstructorParameters<typeof ChatMessage>[0] & object,
  'clock' | 'timestamp' | 'text' | 'chatId' | 'messageType' | 'contentType'
>;

export function encodeOneToOneChat(
  message: { peer: string; clock: bigint | number; timestamp: number; text: string; contentType: ContentType },
  extra: Extra = {},
): Uint8Array {
  return encode(ChatMessage, {
    clock: u64(message.clock),
    timestamp: u64(message.timestamp),
    text: message.text,
    chatId: message.peer,
    messageType: MessageType.ONE_TO_ONE,
    contentType: message.contentType,
    ...extra,
  });
}

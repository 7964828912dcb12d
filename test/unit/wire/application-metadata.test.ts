import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { keccak256 } from '../../../main/crypto/hash.ts';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { nextClock, unwrapApplicationMessage, wrapApplicationMessage } from '../../../main/wire/application-metadata.ts';
import {
  InvalidReason,
  validateChatMessage,
  validateEmojiReaction,
  validateStatusUpdate,
} from '../../../main/wire/message-validation.ts';
import {
  AmmType,
  ApplicationMetadataMessage,
  ChatMessage,
  ContentType,
  EmojiReaction,
  EmojiReactionType,
  encode,
  ImageFormat,
  MessageType,
  StatusType,
  StatusUpdate,
  u64,
  WireDecodeError,
} from '../../../main/wire/proto.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('ApplicationMetadataMessage', () => {
  test('signed by the chat key over the payload; the id covers the signer and the exact bytes', () => {
    const key = randomPrivateKey();
    const payload = utf8('chat message bytes');
    const amm = wrapApplicationMessage(AmmType.CHAT_MESSAGE, payload, key);
    const received = unwrapApplicationMessage(amm);
    assert.ok(!(received instanceof WireDecodeError));
    assert.equal(received.type, AmmType.CHAT_MESSAGE);
    assert.deepEqual(received.payload, payload);
    assert.deepEqual(received.signer, publicKey(key));
    assert.equal(received.id, `0x${Buffer.from(keccak256(publicKey(key), amm)).toString('hex')}`);
  });

  test('the type is not signed: changing it keeps the signer but changes the id', () => {
    const key = randomPrivateKey();
    const amm = wrapApplicationMessage(AmmType.CHAT_MESSAGE, utf8('x'), key);
    const decoded = ApplicationMetadataMessage.decode(amm);
    const retyped = encode(ApplicationMetadataMessage, { signature: decoded.signature, payload: decoded.payload, type: AmmType.PIN_MESSAGE });
    const a = unwrapApplicationMessage(amm);
    const b = unwrapApplicationMessage(retyped);
    assert.ok(!(a instanceof WireDecodeError) && !(b instanceof WireDecodeError));
    assert.deepEqual(a.signer, b.signer);
    assert.notEqual(a.id, b.id);
  });

  test('a tampered payload recovers another key (a forged sender), an absent signature none', () => {
    const key = randomPrivateKey();
    const decoded = ApplicationMetadataMessage.decode(wrapApplicationMessage(AmmType.CHAT_MESSAGE, utf8('original'), key));
    const tampered = unwrapApplicationMessage(
      encode(ApplicationMetadataMessage, { signature: decoded.signature, payload: utf8('forged'), type: decoded.type }),
    );
    assert.ok(!(tampered instanceof WireDecodeError));
    assert.notDeepEqual(tampered.signer, publicKey(key));
    const unsigned = unwrapApplicationMessage(encode(ApplicationMetadataMessage, { payload: utf8('x'), type: AmmType.CHAT_MESSAGE }));
    assert.ok(!(unsigned instanceof WireDecodeError));
    assert.equal(unsigned.signer, undefined);
    assert.equal(unsigned.id, undefined);
  });

  test('any bytes give a message or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const out = unwrapApplicationMessage(bytes);
        assert.ok(out instanceof WireDecodeError || out.payload instanceof Uint8Array);
      }),
      { numRuns: 500 },
    );
  });

  test('the clock rule: wall clock, but always after the last clock of the chat', () => {
    assert.equal(nextClock(0n, 1000), 1000n);
    assert.equal(nextClock(5000n, 1000), 5001n);
    assert.equal(nextClock(999n, 1000.9), 1000n);
  });
});

describe('status-go validation of received messages', () => {
  const NOW_NS = 1_700_000_000_000_000_000n;
  const NOW_MS = 1_700_000_000_000;
  const chat = (overrides: Record<string, unknown> = {}) =>
    ChatMessage.fromObject({
      clock: u64(NOW_MS),
      timestamp: u64(NOW_MS),
      text: 'hello',
      chatId: '0x04abc',
      messageType: MessageType.ONE_TO_ONE,
      contentType: ContentType.TEXT_PLAIN,
      ...overrides,
    });

  test('a normal text message passes', () => {
    assert.equal(validateChatMessage(chat(), NOW_NS), null);
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['zero clock', { clock: u64(0) }, InvalidReason.ZeroClock],
    ['clock 120.001 s ahead', { clock: u64(NOW_MS + 120_001) }, InvalidReason.FutureClock],
    ['zero timestamp', { timestamp: u64(0) }, InvalidReason.ZeroTimestamp],
    ['blank text', { text: '   ' }, InvalidReason.EmptyText],
    ['4097 runes', { text: '🙂'.repeat(4097) }, InvalidReason.TextTooLong],
    ['no chat id', { chatId: '' }, InvalidReason.EmptyChatId],
    ['unknown message type', { messageType: MessageType.UNKNOWN_MESSAGE_TYPE }, InvalidReason.UnknownMessageType],
    ['group system message type', { messageType: MessageType.SYSTEM_MESSAGE_PRIVATE_GROUP }, InvalidReason.UnknownMessageType],
    ['unknown content type', { contentType: ContentType.UNKNOWN_CONTENT_TYPE }, InvalidReason.UnknownContentType],
    ['transaction command', { contentType: ContentType.TRANSACTION_COMMAND }, InvalidReason.ForbiddenContentType],
    ['mutual-event system message', { contentType: ContentType.SYSTEM_MESSAGE_MUTUAL_EVENT_SENT }, InvalidReason.ForbiddenContentType],
    ['sticker without hash', { contentType: ContentType.STICKER, sticker: { pack: 1 } }, InvalidReason.MissingSticker],
    ['image without format', { contentType: ContentType.IMAGE, text: '', image: { payload: utf8('png') } }, InvalidReason.MissingImage],
    ['bad display name', { displayName: 'a<b>c' }, InvalidReason.BadDisplayName],
    ['.eth display name', { displayName: 'vitalik.eth' }, InvalidReason.BadDisplayName],
  ];
  for (const [name, overrides, reason] of cases) {
    test(`refused: ${name}`, () => assert.equal(validateChatMessage(chat(overrides), NOW_NS), reason));
  }

  test('exactly 120 s ahead and 4096 runes are still fine; an image needs no text', () => {
    assert.equal(validateChatMessage(chat({ clock: u64(NOW_MS + 120_000) }), NOW_NS), null);
    assert.equal(validateChatMessage(chat({ text: '🙂'.repeat(4096) }), NOW_NS), null);
    const image = chat({ contentType: ContentType.IMAGE, text: '', image: { payload: utf8('png'), format: ImageFormat.PNG } });
    assert.equal(validateChatMessage(image, NOW_NS), null);
  });

  test('emoji reactions and status updates', () => {
    const reaction = EmojiReaction.fromObject({
      clock: u64(NOW_MS),
      chatId: 'c',
      messageId: 'm',
      messageType: MessageType.ONE_TO_ONE,
      type: EmojiReactionType.LOVE,
    });
    assert.equal(validateEmojiReaction(reaction, NOW_NS), null);
    assert.equal(validateEmojiReaction(EmojiReaction.fromObject({ ...reaction.toJSON(), type: 0 }), NOW_NS), InvalidReason.UnknownReaction);
    const status = StatusUpdate.fromObject({ clock: u64(1_700_000_000), statusType: StatusType.AUTOMATIC });
    assert.equal(validateStatusUpdate(status), null);
    assert.equal(validateStatusUpdate(StatusUpdate.fromObject({ clock: u64(1), statusType: 0 })), InvalidReason.UnknownStatusType);
    assert.equal(
      validateStatusUpdate(StatusUpdate.fromObject({ clock: u64(1), statusType: StatusType.AUTOMATIC, customText: 'x'.repeat(129) })),
      InvalidReason.TextTooLong,
    );
  });
});

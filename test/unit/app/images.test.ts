// Image messages: formats sniffed from bytes, sizes read from headers (and never a throw on
// garbage), the size cap both ways, and on an in-memory bus: an image and a reply to it arrive
// whole (segmented), while an oversize or disguised one is refused, counted and not stored.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  checkIncomingImage,
  checkOutgoingImage,
  ImageError,
  imageMessageOf,
} from '../../../main/app/messenger/images.ts';
import { MessageActionError } from '../../../main/app/messenger/message-actions.ts';
import { AmmType, ChatMessage, ContentType, encode, ImageFormat, MessageType, u64 } from '../../../main/wire/proto.ts';
import { MAX_IMAGE_BYTES } from '../../../shared/api.ts';
import { readImageHeader } from '../../../shared/image-header.ts';
import { makePng } from '../../helpers/images.ts';
import { befriend, bus, closeAll, type Person, person, settle, until } from '../../helpers/messaging-people.ts';

after(closeAll);

const bytes = (...parts: Array<number[] | string>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const le16 = (n: number) => [n & 0xff, n >> 8];
const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];
const be16 = (n: number) => [n >> 8, n & 0xff];

// JPEG: SOI, an APP0 segment, a DQT segment, then SOF2 (progressive) with height 480, width 640.
const JPEG = bytes(
  [0xff, 0xd8],
  [0xff, 0xe0, ...be16(16)],
  'JFIF',
  [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
  [0xff, 0xff], // fill bytes are allowed before a marker
  [0xff, 0xdb, ...be16(4), 0, 0],
  [0xff, 0xc2, ...be16(11), 8, ...be16(480), ...be16(640), 1, 1, 0x11, 0],
  [0xff, 0xda, 0, 8],
);
const GIF = bytes('GIF89a', le16(300), le16(200), [0xf7, 0, 0]);
const riff = (chunkType: string, body: number[]) => bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunkType, [0, 0, 0, 0], body);
const WEBP_LOSSY = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(1024), ...le16(768)]);
// 14-bit fields: width − 1 = 99, height − 1 = 49.
const vp8lBits = 99 | (49 << 14);
const WEBP_LOSSLESS = riff('VP8L', [0x2f, vp8lBits & 0xff, (vp8lBits >> 8) & 0xff, (vp8lBits >> 16) & 0xff, 0]);
const WEBP_EXTENDED = riff('VP8X', [0, 0, 0, 0, ...le24(4999), ...le24(2999)]);

describe('image headers', () => {
  test('each format is told from its magic bytes, with its size in pixels', () => {
    assert.deepEqual(readImageHeader(makePng(33, 17, [1, 2, 3])), { format: 'png', width: 33, height: 17 });
    assert.deepEqual(readImageHeader(JPEG), { format: 'jpeg', width: 640, height: 480 });
    assert.deepEqual(readImageHeader(GIF), { format: 'gif', width: 300, height: 200 });
    assert.deepEqual(readImageHeader(WEBP_LOSSY), { format: 'webp', width: 1024, height: 768 });
    assert.deepEqual(readImageHeader(WEBP_LOSSLESS), { format: 'webp', width: 100, height: 50 });
    assert.deepEqual(readImageHeader(WEBP_EXTENDED), { format: 'webp', width: 5000, height: 3000 });
  });

  test('a recognised but cut-short header gives a format with size 0; anything else is null', () => {
    assert.deepEqual(readImageHeader(JPEG.subarray(0, 10)), { format: 'jpeg', width: 0, height: 0 });
    assert.deepEqual(readImageHeader(makePng(5, 5).subarray(0, 12)), { format: 'png', width: 0, height: 0 });
    assert.deepEqual(readImageHeader(WEBP_LOSSY.subarray(0, 24)), { format: 'webp', width: 0, height: 0 });
    for (const junk of [
      new Uint8Array(),
      bytes('BM', [0, 0, 0, 0]),
      bytes('RIFF', [0, 0, 0, 0], 'WAVE'),
      bytes('<svg'),
    ])
      assert.equal(readImageHeader(junk), null);
  });

  test('fuzz: arbitrary bytes, alone or behind a real magic number, never throw and stay in range', () => {
    const magics = [
      [],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [0xff, 0xd8, 0xff],
      [...bytes('GIF89a')],
      [...bytes('RIFF', [1, 2, 3, 4], 'WEBP')],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 4096 }), (magic, tail) => {
        const header = readImageHeader(Uint8Array.from([...magic, ...tail]));
        if (header === null) return magic.length === 0;
        return (
          Number.isInteger(header.width) &&
          Number.isInteger(header.height) &&
          header.width >= 0 &&
          header.height >= 0 &&
          header.width <= 0xffffffff &&
          header.height <= 0xffffffff
        );
      }),
      { numRuns: 3000 },
    );
  });

  test('a hostile JPEG (a megabyte of fill bytes, or zero-length segments) is given up on quickly', () => {
    const fill = new Uint8Array(1 << 20).fill(0xff);
    fill.set([0xff, 0xd8, 0xff], 0);
    const started = performance.now();
    assert.deepEqual(readImageHeader(fill), { format: 'jpeg', width: 0, height: 0 });
    assert.deepEqual(readImageHeader(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0xff, 0xc0])), {
      format: 'jpeg',
      width: 0,
      height: 0,
    });
    assert.ok(performance.now() - started < 200);
  });
});

describe('image checks', () => {
  test('what we send: an image of at most MAX_IMAGE_BYTES, else a clear ImageError', () => {
    const png = makePng(10, 10, [0, 0, 0]);
    assert.deepEqual(
      { ...checkOutgoingImage(png), data: undefined },
      { format: 'png', width: 10, height: 10, bytes: png.length, data: undefined },
    );
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(png);
    assert.throws(() => checkOutgoingImage(big), {
      name: 'ImageError',
      code: 'TOO_LARGE',
      message: 'image is larger than 512 KiB',
    });
    assert.throws(
      () => checkOutgoingImage(bytes('hello')),
      (e) => e instanceof ImageError && e.code === 'NOT_AN_IMAGE',
    );
  });

  test('what we receive: the declared format must be what the bytes are', () => {
    const png = makePng(4, 4, [9, 9, 9]);
    assert.equal(checkIncomingImage({ payload: png, format: ImageFormat.JPEG }), 'image-format-mismatch');
    assert.equal(checkIncomingImage({ payload: GIF, format: ImageFormat.GIF }).toString(), '[object Object]');
    assert.equal(checkIncomingImage({ payload: bytes('not an image'), format: ImageFormat.PNG }), 'image-not-an-image');
    assert.equal(
      checkIncomingImage({ payload: new Uint8Array(MAX_IMAGE_BYTES + 1), format: ImageFormat.PNG }),
      'image-too-large',
    );
    assert.equal(checkIncomingImage(null), 'image-not-an-image');
    assert.deepEqual(imageMessageOf(checkOutgoingImage(GIF)), {
      payload: GIF,
      format: ImageFormat.GIF,
      width: 300,
      height: 200,
    });
  });
});

describe('image messages between two services', () => {
  async function pair() {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    await befriend(alice, bob);
    return { alice, bob };
  }

  /** Alice sends a hand-made ChatMessage of content type IMAGE, whatever its image says. */
  const sendRawImage = (alice: Person, bob: Person, image: { payload: Uint8Array; format: ImageFormat }) =>
    alice.service.messenger.sendApplication(
      bob.key,
      AmmType.CHAT_MESSAGE,
      encode(ChatMessage, {
        clock: u64(Date.now()),
        timestamp: u64(Date.now()),
        text: '',
        chatId: bob.key,
        messageType: MessageType.ONE_TO_ONE,
        contentType: ContentType.IMAGE,
        image,
      }),
    );

  test('a 500 KiB picture arrives whole (segmented on the wire), and a reply to it quotes it', async () => {
    const { alice, bob } = await pair();
    const png = makePng(400, 430);
    assert.ok(png.length > 500 * 1024 && png.length <= MAX_IMAGE_BYTES);
    const sent = await alice.service.sendImage(bob.key, png);
    assert.deepEqual(sent.image, { format: 'png', width: 400, height: 430, bytes: png.length });
    assert.equal(sent.text, '');
    await until(() => bob.incoming().some((m) => m.id === sent.id), 'bob to get the picture');
    const got = bob.incoming().find((m) => m.id === sent.id);
    assert.deepEqual(got?.image, sent.image);
    const fetched = bob.service.image(sent.id);
    assert.equal(fetched.mimeType, 'image/png');
    assert.ok(Buffer.from(fetched.data, 'base64').equals(Buffer.from(png)));
    assert.equal(bob.service.listChats()[0]?.lastMessage?.image, true);

    const reply = await bob.service.sendText(alice.key, 'Nice!', sent.id);
    assert.deepEqual(reply.replyPreview, { sender: alice.key, text: '', deleted: false });
    const picture = makePng(8, 8, [0, 200, 0]);
    const imageReply = await bob.service.sendImage(alice.key, picture, sent.id);
    await until(() => alice.incoming().some((m) => m.id === imageReply.id), 'the picture reply');
    const back = alice.incoming().find((m) => m.id === imageReply.id);
    assert.equal(back?.responseTo, sent.id);
    assert.equal(back?.image?.width, 8);
  });

  test('a disguised, oversize or junk picture is refused and counted, and nothing is stored', async () => {
    const { alice, bob } = await pair();
    const png = makePng(6, 6, [1, 1, 1]);
    const big = new Uint8Array(MAX_IMAGE_BYTES + 10);
    big.set(png);
    await sendRawImage(alice, bob, { payload: png, format: ImageFormat.JPEG });
    await sendRawImage(alice, bob, { payload: big, format: ImageFormat.PNG });
    await sendRawImage(alice, bob, { payload: bytes('<svg onload=alert(1)>'), format: ImageFormat.WEBP });
    await until(() => [...bob.service.rejectedImages.values()].reduce((a, b) => a + b, 0) === 3, 'three refusals');
    assert.deepEqual(Object.fromEntries(bob.service.rejectedImages), {
      'image-format-mismatch': 1,
      'image-too-large': 1,
      'image-not-an-image': 1,
    });
    await settle();
    assert.equal(bob.incoming().length, 0);
    assert.equal(bob.service.listMessages(alice.key, null, 50).length, 0);
    // A good one still gets through afterwards.
    await sendRawImage(alice, bob, { payload: png, format: ImageFormat.PNG });
    await until(() => bob.incoming().length === 1, 'the good picture');
  });

  test('sending refuses non-images and oversize pictures; unknown ids have no image', async () => {
    const { alice, bob } = await pair();
    await assert.rejects(alice.service.sendImage(bob.key, bytes('plain text')), { code: 'NOT_AN_IMAGE' });
    await assert.rejects(alice.service.sendImage(bob.key, new Uint8Array(MAX_IMAGE_BYTES + 1)), { code: 'TOO_LARGE' });
    assert.throws(() => alice.service.image(`0x${'00'.repeat(32)}`), MessageActionError);
    const text = await alice.service.sendText(bob.key, 'words');
    assert.equal(text.image, null);
    assert.throws(() => alice.service.image(text.id), MessageActionError);
  });

  test('deleting a picture for everyone removes its bytes on both sides', async () => {
    const { alice, bob } = await pair();
    const sent = await alice.service.sendImage(bob.key, makePng(5, 5, [3, 3, 3]));
    await until(() => bob.incoming().some((m) => m.id === sent.id), 'the picture');
    const deleted = await alice.service.actions.delete(sent.id, true);
    assert.equal(deleted.id, sent.id);
    await until(() => bob.changed.some((m) => m.id === sent.id && m.deleted), 'the deletion');
    assert.equal(bob.changed.find((m) => m.id === sent.id && m.deleted)?.image, null);
    assert.throws(() => bob.service.image(sent.id), MessageActionError);
    assert.throws(() => alice.service.image(sent.id), MessageActionError);
  });
});

// Image messages between two headless cores over a real relay on 127.0.0.1: a ~400 KiB PNG
// (segmented on the wire) arrives as messages.added with its image, messages.image gives the
// same bytes back on both sides, a reply to it quotes it, and bad input gets typed errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MessageView, MAX_IMAGE_BYTES } from '../../shared/api.ts';
import { RpcError, RpcErrorCode } from '../../shared/rpc/protocol.ts';
import { ChatPeople, type ChatPerson, SLOW } from '../helpers/chat-people.ts';
import { makePng } from '../helpers/images.ts';
import { nextMatching } from '../helpers/wait.ts';

const WAIT = 30_000;

describe('image messages between two headless cores', () => {
  const people = new ChatPeople();
  let alice: ChatPerson;
  let bob: ChatPerson;
  let picture: MessageView;

  const arrivalOn = (p: ChatPerson, matches: (m: MessageView) => boolean, what: string) =>
    nextMatching<MessageView>(
      (l) => p.client.on('messages.added', l),
      (m) => !m.outgoing && matches(m),
      WAIT,
      what,
    );

  before(async () => {
    [alice, bob] = await people.twoContacts();
  });
  after(() => people.stop());

  test('alice sends a ~400 KiB PNG; bob gets it with its image, and the very same bytes', async () => {
    const png = makePng(320, 420);
    assert.ok(png.length > 390 * 1024, `${png.length} bytes`);
    const arrived = arrivalOn(bob, (m) => m.image !== null, 'the picture to arrive');
    const sent = await alice.client.call(
      'messages.sendImage',
      { chatId: bob.account.publicKey, data: Buffer.from(png).toString('base64') },
      SLOW,
    );
    const expected = { format: 'png', width: 320, height: 420, bytes: png.length };
    assert.deepEqual(sent.image, expected);
    assert.equal(sent.text, '');
    picture = await arrived;
    assert.equal(picture.id, sent.id);
    assert.deepEqual(picture.image, expected);
    assert.equal(picture.text, '');
    for (const p of [bob, alice]) {
      const { mimeType, data } = await p.client.call('messages.image', { messageId: sent.id });
      assert.equal(mimeType, 'image/png');
      assert.ok(Buffer.from(data, 'base64').equals(Buffer.from(png)), 'identical bytes');
    }
    const [chat] = await bob.client.call('chats.list');
    assert.deepEqual(chat?.lastMessage && { text: chat.lastMessage.text, image: chat.lastMessage.image }, {
      text: '',
      image: true,
    });
    const [listed] = await bob.client.call('messages.list', { chatId: alice.account.publicKey, limit: 1 });
    assert.deepEqual(listed?.image, expected);
  });

  test('bob replies to the picture with text and with a picture', async () => {
    const textReply = arrivalOn(alice, (m) => m.text === 'What a view', 'the text reply');
    await bob.client.call(
      'messages.sendText',
      { chatId: alice.account.publicKey, text: 'What a view', responseTo: picture.id },
      SLOW,
    );
    const got = await textReply;
    assert.equal(got.responseTo, picture.id);
    assert.deepEqual(got.replyPreview, { sender: alice.account.publicKey, text: '', deleted: false });

    const small = makePng(16, 9, [10, 120, 200]);
    const imageReply = arrivalOn(alice, (m) => m.image?.width === 16, 'the picture reply');
    await bob.client.call(
      'messages.sendImage',
      { chatId: alice.account.publicKey, data: Buffer.from(small).toString('base64'), responseTo: picture.id },
      SLOW,
    );
    const back = await imageReply;
    assert.equal(back.responseTo, picture.id);
    assert.deepEqual(back.image, { format: 'png', width: 16, height: 9, bytes: small.length });
  });

  test('bad pictures and unknown ids get typed errors with clear messages', async () => {
    const call = (method: 'messages.sendImage' | 'messages.image', params: never) =>
      alice.client.call(method, params).then(
        () => assert.fail('should have failed'),
        (error: unknown) => {
          assert.ok(error instanceof RpcError);
          return error;
        },
      );
    const notImage = await call('messages.sendImage', {
      chatId: bob.account.publicKey,
      data: Buffer.from('just some text, not a picture').toString('base64'),
    } as never);
    assert.equal(notImage.code, RpcErrorCode.InvalidParams);
    assert.equal(notImage.message, 'not a PNG, JPEG, WEBP or GIF image');

    const oversize = new Uint8Array(MAX_IMAGE_BYTES + 1);
    oversize.set(makePng(2, 2, [0, 0, 0]));
    const tooBig = await call('messages.sendImage', {
      chatId: bob.account.publicKey,
      data: Buffer.from(oversize).toString('base64'),
    } as never);
    assert.equal(tooBig.code, RpcErrorCode.InvalidParams);
    assert.equal(tooBig.message, 'image is larger than 512 KiB');

    const missing = await call('messages.image', { messageId: `0x${'ab'.repeat(32)}` } as never);
    assert.equal(missing.code, RpcErrorCode.NotFound);
  });
});

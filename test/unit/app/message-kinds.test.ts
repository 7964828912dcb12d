import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Audience, messageKind, Reliability } from '../../../main/app/message-kinds.ts';
import { outgoingMessage } from '../../../main/transport/outgoing.ts';
import { Scope } from '../../../main/transport/sharding.ts';
import { AmmType, StatusType } from '../../../main/wire/proto.ts';

test('1:1 and group content is global content over MVDS', () => {
  for (const audience of [Audience.OneToOne, Audience.PrivateGroup]) {
    assert.deepEqual(messageKind(AmmType.CHAT_MESSAGE, audience), {
      scope: Scope.GlobalContent,
      ephemeral: false,
      reliability: Reliability.Mvds,
    });
  }
  assert.equal(messageKind(AmmType.EMOJI_REACTION, Audience.OneToOne).reliability, Reliability.None);
});

test('contact and group control messages are global control', () => {
  for (const type of [AmmType.CONTACT_UPDATE, AmmType.ACCEPT_CONTACT_REQUEST, AmmType.MEMBERSHIP_UPDATE_MESSAGE]) {
    assert.equal(messageKind(type, Audience.OneToOne).scope, Scope.GlobalControl);
    assert.equal(messageKind(type, Audience.OneToOne).reliability, Reliability.Mvds);
  }
  assert.equal(messageKind(AmmType.CONTACT_CODE_ADVERTISEMENT, Audience.OneToOne).reliability, Reliability.None);
});

test('automatic status updates are ephemeral; others are not', () => {
  assert.equal(messageKind(AmmType.STATUS_UPDATE, Audience.OneToOne, StatusType.AUTOMATIC).ephemeral, true);
  assert.equal(messageKind(AmmType.STATUS_UPDATE, Audience.OneToOne, StatusType.ALWAYS_ONLINE).ephemeral, false);
  assert.equal(messageKind(AmmType.CHAT_MESSAGE, Audience.OneToOne).ephemeral, false);
});

test('community content uses the community shard and SDS; its control the control shard', () => {
  assert.deepEqual(messageKind(AmmType.CHAT_MESSAGE, Audience.Community), {
    scope: Scope.Community,
    ephemeral: false,
    reliability: Reliability.Sds,
  });
  assert.equal(messageKind(AmmType.COMMUNITY_REQUEST_TO_JOIN, Audience.Community).scope, Scope.CommunityControl);
  assert.equal(messageKind(AmmType.COMMUNITY_DESCRIPTION, Audience.Community).scope, Scope.Community);
});

test('self-addressed messages (backup) use the local scope', () => {
  assert.deepEqual(messageKind(AmmType.BACKUP, Audience.Self), {
    scope: Scope.SelfAddressed,
    ephemeral: false,
    reliability: Reliability.None,
  });
});

test('outgoing Waku messages: version 1, ns timestamp, ephemeral flag, topic of the scope', () => {
  const out = outgoingMessage({
    scope: Scope.GlobalContent,
    contentTopic: '/waku/1/0x6c8c300c/rfc26',
    payload: Uint8Array.of(1, 2, 3),
    ephemeral: true,
    nowMs: 1_700_000_000_123.9,
  });
  assert.equal(out.pubsubTopic, '/waku/2/rs/16/32');
  assert.equal(out.message.version, 1);
  assert.equal(out.message.timestamp, 1_700_000_000_123_000_000n);
  assert.equal(out.message.ephemeral, true);
  assert.equal(
    outgoingMessage({
      ...out.message,
      scope: Scope.Community,
      communityShard: 128,
      nowMs: 0,
      contentTopic: 'x',
      payload: new Uint8Array(),
      ephemeral: false,
    }).pubsubTopic,
    '/waku/2/rs/16/128',
  );
});

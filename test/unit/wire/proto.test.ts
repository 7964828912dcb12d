// The Status protobufs: round trips of every message type, hand-computed wire bytes proving the
// field numbers, enum values against status-reference §4, and the façade's safety guarantees.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AcceptContactRequest,
  AmmType,
  ApplicationMetadataMessage,
  AudioType,
  Bundle,
  ChatIdentity,
  ChatMessage,
  CommunityAccess,
  CommunityChannelRole,
  CommunityDescription,
  CommunityEventsMessage,
  CommunityEventType,
  CommunityMember,
  CommunityMemberRole,
  CommunityRequestToJoinResponse,
  CommunityTokenPermissionType,
  ContactUpdate,
  ContentType,
  decodeOrError,
  EmojiReaction,
  EmojiReactionType,
  EncryptedMessageProtocol,
  encode,
  entries64,
  GroupChatInvitation,
  HRHeader,
  IdentityImageSourceType,
  ImageFormat,
  i64,
  MembershipUpdateEventType,
  MembershipUpdateMessage,
  type MessageDecoder,
  MessageType,
  MvdsMessage,
  MvdsPayload,
  mapKey64,
  mapKey64ToBigInt,
  PinMessage,
  ProtocolMessage,
  PublicShardInfo,
  protobuf,
  SegmentMessage,
  StatusType,
  StatusUpdate,
  TokenCriteria,
  toBigInt,
  toSafeNumber,
  typeName,
  u64,
  WireDecodeError,
  WireEncodeError,
} from '../../../main/wire/proto.ts';
import { bytes, FIXTURES } from './proto-fixtures.ts';
import { ALL_MESSAGE_TYPES, type AnyMessageType, hex, normalize } from './proto-helpers.ts';

const unhex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

function decodeOk<T>(
  type: { decode(reader: Uint8Array): T; getTypeUrl(prefix?: string): string },
  wire: Uint8Array,
): T {
  const decoded = decodeOrError(type, wire, wire.length);
  if (decoded instanceof WireDecodeError) assert.fail(decoded.message);
  return decoded;
}

describe('every message type', () => {
  test('the generated module holds all 111 message types, each with a fixture', () => {
    assert.equal(ALL_MESSAGE_TYPES.length, 111);
    const names = ALL_MESSAGE_TYPES.map(([name]) => name);
    assert.deepEqual(
      names.filter((name) => !(name in FIXTURES)),
      [],
    );
    assert.deepEqual(
      Object.keys(FIXTURES).filter((name) => !names.includes(name)),
      [],
    );
  });

  for (const [name, type] of ALL_MESSAGE_TYPES) {
    test(`${name} round-trips a realistic value`, () => {
      const fixture = FIXTURES[name] ?? assert.fail(`no fixture for ${name}`);
      // The fixture names every field of the message (oneof members excepted), so nothing goes untested.
      const fields = Object.keys(type.toObject(type.create(), { defaults: true, arrays: true, objects: true }));
      assert.deepEqual(
        fields.filter((field) => !(field in fixture)),
        [],
        `${name}: fixture misses fields`,
      );
      assert.equal(typeName(type), name);
      const wire = encode(type as AnyMessageType, fixture);
      assert.ok(wire.length > 0);
      const decoded = decodeOk(type, wire);
      assert.deepEqual(normalize(decoded), normalize(fixture));
      // Re-encoding the decoded message gives the same bytes (deterministic field and map order).
      assert.equal(hex(encode(type as AnyMessageType, decoded as { [key: string]: unknown })), hex(wire));
    });
  }

  test('an empty message encodes to zero bytes and decodes to defaults', () => {
    for (const [name, type] of ALL_MESSAGE_TYPES) {
      const wire = encode(type as AnyMessageType, {});
      assert.equal(wire.length, 0, name);
      assert.equal(normalize(decodeOk(type, wire)), undefined, name);
    }
  });
});

describe('wire bytes (hand-computed, proving field numbers)', () => {
  const cases: Array<[string, () => Uint8Array, string]> = [
    [
      'ApplicationMetadataMessage{signature, payload, type: CHAT_MESSAGE}',
      () =>
        encode(ApplicationMetadataMessage, {
          signature: Uint8Array.of(1),
          payload: Uint8Array.of(2),
          type: AmmType.CHAT_MESSAGE,
        }),
      '0a 01 01 12 01 02 18 01',
    ],
    [
      'AMM type 90 (COMMUNITY_SHARED_ADDRESSES_RESPONSE)',
      () => encode(ApplicationMetadataMessage, { type: AmmType.COMMUNITY_SHARED_ADDRESSES_RESPONSE }),
      '18 5a',
    ],
    [
      'ChatMessage scalar fields 1, 2, 3, 6, 7, 8',
      () =>
        encode(ChatMessage, {
          clock: u64(1),
          timestamp: u64(2),
          text: 'hi',
          chatId: 'c',
          messageType: MessageType.ONE_TO_ONE,
          contentType: ContentType.TEXT_PLAIN,
        }),
      '08 01 10 02 1a 02 68 69 32 01 63 38 01 40 01',
    ],
    ['ChatMessage.customization_color = 19', () => encode(ChatMessage, { customizationColor: 300 }), '98 01 ac 02'],
    ['ChatMessage.discord_message = 99', () => encode(ChatMessage, { discordMessage: {} }), '9a 06 00'],
    [
      'ChatMessage.bridge_message = 100 {content = 5}',
      () => encode(ChatMessage, { bridgeMessage: { content: 'x' } }),
      'a2 06 03 2a 01 78',
    ],
    [
      'ChatMessage oneof bytes community = 12, present even when empty',
      () => encode(ChatMessage, { community: new Uint8Array(0) }),
      '62 00',
    ],
    [
      'ChatMessage.shard = 17',
      () => encode(ChatMessage, { shard: { cluster: 16, index: 32 } }),
      '8a 01 04 08 10 10 20',
    ],
    [
      'uint64 clock 2^53 + 1 (beyond float precision)',
      () => encode(ChatMessage, { clock: u64(2n ** 53n + 1n) }),
      '08 81 80 80 80 80 80 80 10',
    ],
    [
      'uint64 clock 2^64 − 1',
      () => encode(ChatMessage, { clock: u64(2n ** 64n - 1n) }),
      '08 ff ff ff ff ff ff ff ff ff 01',
    ],
    ['MVDS Payload.acks = 5001', () => encode(MvdsPayload, { acks: [Uint8Array.of(0xaa)] }), 'ca b8 02 01 aa'],
    ['MVDS Payload.offers = 5002', () => encode(MvdsPayload, { offers: [Uint8Array.of(0xaa)] }), 'd2 b8 02 01 aa'],
    ['MVDS Payload.requests = 5003', () => encode(MvdsPayload, { requests: [Uint8Array.of(0xaa)] }), 'da b8 02 01 aa'],
    ['MVDS Payload.messages = 5004', () => encode(MvdsPayload, { messages: [{}] }), 'e2 b8 02 00'],
    [
      'MVDS Payload.group_offers = 5005 {group_id = 1}',
      () => encode(MvdsPayload, { groupOffers: [{ groupId: Uint8Array.of(1) }] }),
      'ea b8 02 03 0a 01 01',
    ],
    [
      'MVDS Message{group_id = 6001, timestamp = 6002 (int64 −1), body = 6003}',
      () => encode(MvdsMessage, { groupId: Uint8Array.of(1), timestamp: i64(-1), body: Uint8Array.of(2) }),
      '8a f7 02 01 01  90 f7 02 ff ff ff ff ff ff ff ff ff 01  9a f7 02 01 02',
    ],
    [
      'ProtocolMessage{installation_id = 2, encrypted_message = 101 {"none": {payload = 3}}, public_message = 102}',
      () =>
        encode(ProtocolMessage, {
          installationId: 'a',
          encryptedMessage: { none: { payload: Uint8Array.of(1) } },
          publicMessage: Uint8Array.of(2),
        }),
      '12 01 61  aa 06 0b 0a 04 6e 6f 6e 65 12 03 1a 01 01  b2 06 01 02',
    ],
    [
      'EncryptedMessageProtocol{X3DH_header = 1 {key 1, id 4}, DR_header = 2, payload = 3, DH_header = 101, HR_header = 102}',
      () =>
        encode(EncryptedMessageProtocol, {
          X3DHHeader: { key: Uint8Array.of(1), id: Uint8Array.of(2) },
          DRHeader: { n: 1 },
          payload: Uint8Array.of(3),
          DHHeader: { key: Uint8Array.of(4) },
          HRHeader: { seqNo: 5 },
        }),
      '0a 06 0a 01 01 22 01 02  12 02 10 01  1a 01 03  aa 06 03 0a 01 04  b2 06 02 10 05',
    ],
    [
      'Bundle{identity = 1, signed_pre_keys = 2 map, signature = 4, timestamp = 5}',
      () =>
        encode(Bundle, {
          identity: Uint8Array.of(1),
          signedPreKeys: { i: { signedPreKey: Uint8Array.of(2), protocolVersion: 1 } },
          signature: Uint8Array.of(3),
          timestamp: i64(1),
        }),
      '0a 01 01  12 0a 0a 01 69 12 05 0a 01 02 18 01  22 01 03  28 01',
    ],
    [
      'HRHeader.keys = 5 → HRKeys.rekey_group = 2 → RekeyGroup{timestamp = 2, keys = 4 map<uint32, bytes>}',
      () => encode(HRHeader, { keys: { rekeyGroup: { timestamp: u64(1), keys: { 7: Uint8Array.of(9) } } } }),
      '2a 0b 12 09 10 01 22 05 08 07 12 01 09',
    ],
    [
      'SegmentMessage fields 1–6',
      () =>
        encode(SegmentMessage, {
          entireMessageHash: Uint8Array.of(1),
          index: 1,
          segmentsCount: 2,
          payload: Uint8Array.of(2),
          paritySegmentIndex: 3,
          paritySegmentsCount: 4,
        }),
      '0a 01 01 10 01 18 02 22 01 02 28 03 30 04',
    ],
    [
      'MembershipUpdateMessage{chat_id = 1, events = 2, oneof emoji_reaction = 4 {type = 5}}',
      () =>
        encode(MembershipUpdateMessage, {
          chatId: 'g',
          events: [Uint8Array.of(1)],
          emojiReaction: { type: EmojiReactionType.LOVE },
        }),
      '0a 01 67 12 01 01 22 02 28 01',
    ],
    [
      'CommunityDescription{ID = 18, privateData = 100 map<string, bytes>}',
      () => encode(CommunityDescription, { ID: 'x', privateData: { k: Uint8Array.of(1) } }),
      '92 01 01 78  a2 06 06 0a 01 6b 12 01 01',
    ],
    [
      'CommunityMember{roles = 1 packed, channel_role = 4}',
      () =>
        encode(CommunityMember, {
          roles: [CommunityMemberRole.ROLE_OWNER, CommunityMemberRole.ROLE_TOKEN_MASTER],
          channelRole: CommunityChannelRole.CHANNEL_ROLE_VIEWER,
        }),
      '0a 02 01 05 20 01',
    ],
    [
      'TokenCriteria{contract_addresses = 1 map<uint64, string>, token_ids = 6 packed}',
      () => encode(TokenCriteria, { contractAddresses: { [mapKey64(1n)]: 'a' }, tokenIds: [u64(1), u64(2)] }),
      '0a 05 08 01 12 01 61  32 02 01 02',
    ],
    [
      'ChatIdentity.images = 3 map<string, IdentityImage{payload = 1}>',
      () => encode(ChatIdentity, { images: { t: { payload: Uint8Array.of(1) } } }),
      '1a 08 0a 01 74 12 03 0a 01 01',
    ],
    [
      'StatusUpdate{clock = 1, status_type = 2 (INACTIVE), custom_text = 3}',
      () => encode(StatusUpdate, { clock: u64(1), statusType: StatusType.INACTIVE, customText: 'z' }),
      '08 01 10 04 1a 01 7a',
    ],
    [
      'EmojiReaction{type = 5 (ANGRY), retracted = 6}',
      () => encode(EmojiReaction, { type: EmojiReactionType.ANGRY, retracted: true }),
      '28 06 30 01',
    ],
    [
      'ContactUpdate{public_key = 7, customization_color = 8}',
      () => encode(ContactUpdate, { publicKey: 'p', customizationColor: 2 }),
      '3a 01 70 40 02',
    ],
    [
      'AcceptContactRequest{id = 1, clock = 2}',
      () => encode(AcceptContactRequest, { id: 'i', clock: u64(3) }),
      '0a 01 69 10 03',
    ],
    [
      'PinMessage{pinned = 4, message_type = 5}',
      () => encode(PinMessage, { pinned: true, messageType: MessageType.COMMUNITY_CHAT }),
      '20 01 28 05',
    ],
    [
      'PublicShardInfo{shard = 3 {cluster 1, index 2}, chainId = 4}',
      () => encode(PublicShardInfo, { shard: { cluster: 16, index: 64 }, chainId: u64(10) }),
      '1a 04 08 10 10 40 20 0a',
    ],
    [
      'CommunityRequestToJoinResponse{shard = 8, community_description_protocol_message = 9}',
      () =>
        encode(CommunityRequestToJoinResponse, {
          shard: { cluster: 16, index: 32 },
          communityDescriptionProtocolMessage: Uint8Array.of(1),
        }),
      '42 04 08 10 10 20 4a 01 01',
    ],
    [
      'CommunityEventsMessage.signed_events = 4 {signature = 1, payload = 2}',
      () =>
        encode(CommunityEventsMessage, { signedEvents: [{ signature: Uint8Array.of(1), payload: Uint8Array.of(2) }] }),
      '22 06 0a 01 01 12 01 02',
    ],
    [
      'GroupChatInvitation{state = 4 (APPROVED)}',
      () => encode(GroupChatInvitation, { state: protobuf.GroupChatInvitation.State.APPROVED }),
      '20 03',
    ],
  ];
  for (const [label, build, expected] of cases) {
    test(label, () => assert.equal(hex(build()), expected.replace(/\s+/g, '')));
  }

  test('the known bytes decode back to the same values', () => {
    const amm = decodeOk(ApplicationMetadataMessage, unhex('0a 01 01 12 01 02 18 01'));
    assert.deepEqual([...amm.signature], [1]);
    assert.deepEqual([...amm.payload], [2]);
    assert.equal(amm.type, AmmType.CHAT_MESSAGE);
    const mvdsMessage = decodeOk(
      MvdsMessage,
      unhex('8a f7 02 01 01 90 f7 02 ff ff ff ff ff ff ff ff ff 01 9a f7 02 01 02'),
    );
    assert.equal(toBigInt(mvdsMessage.timestamp), -1n);
    const chat = decodeOk(ChatMessage, unhex('08 ff ff ff ff ff ff ff ff ff 01'));
    assert.equal(toBigInt(chat.clock), 2n ** 64n - 1n);
    const protocol = decodeOk(ProtocolMessage, unhex('12 01 61 aa 06 0b 0a 04 6e 6f 6e 65 12 03 1a 01 01 b2 06 01 02'));
    assert.equal(protocol.installationId, 'a');
    assert.deepEqual([...(protocol.encryptedMessage.none?.payload ?? [])], [1]);
    assert.deepEqual([...protocol.publicMessage], [2]);
  });

  test('the oneof discriminator names the member on the wire', () => {
    const decoded = decodeOk(ChatMessage, unhex('62 00'));
    assert.equal(decoded.payload, 'community');
    assert.equal(decoded.community?.length, 0);
    const sticker = decodeOk(ChatMessage, encode(ChatMessage, { sticker: { hash: 'h', pack: 2 } }));
    assert.equal(sticker.payload, 'sticker');
    assert.equal(sticker.sticker?.pack, 2);
    // A later oneof member on the wire wins, as in Go.
    const both = decodeOk(ChatMessage, unhex('62 01 aa 9a 06 00'));
    assert.equal(both.payload, 'discordMessage');
  });
});

describe('enum values (status-reference §4)', () => {
  test('ApplicationMetadataMessage.Type is the complete list of §4.3', () => {
    const expected: { [name: string]: number } = {
      UNKNOWN: 0,
      CHAT_MESSAGE: 1,
      CONTACT_UPDATE: 2,
      MEMBERSHIP_UPDATE_MESSAGE: 3,
      SYNC_PAIR_INSTALLATION: 4,
      DEPRECATED_SYNC_INSTALLATION: 5,
      REQUEST_ADDRESS_FOR_TRANSACTION: 6,
      ACCEPT_REQUEST_ADDRESS_FOR_TRANSACTION: 7,
      DECLINE_REQUEST_ADDRESS_FOR_TRANSACTION: 8,
      REQUEST_TRANSACTION: 9,
      SEND_TRANSACTION: 10,
      DECLINE_REQUEST_TRANSACTION: 11,
      SYNC_INSTALLATION_CONTACT_V2: 12,
      SYNC_INSTALLATION_ACCOUNT: 13,
      CONTACT_CODE_ADVERTISEMENT: 15,
      PUSH_NOTIFICATION_REGISTRATION: 16,
      PUSH_NOTIFICATION_REGISTRATION_RESPONSE: 17,
      PUSH_NOTIFICATION_QUERY: 18,
      PUSH_NOTIFICATION_QUERY_RESPONSE: 19,
      PUSH_NOTIFICATION_REQUEST: 20,
      PUSH_NOTIFICATION_RESPONSE: 21,
      EMOJI_REACTION: 22,
      GROUP_CHAT_INVITATION: 23,
      CHAT_IDENTITY: 24,
      COMMUNITY_DESCRIPTION: 25,
      COMMUNITY_INVITATION: 26,
      COMMUNITY_REQUEST_TO_JOIN: 27,
      PIN_MESSAGE: 28,
      EDIT_MESSAGE: 29,
      STATUS_UPDATE: 30,
      DELETE_MESSAGE: 31,
      SYNC_INSTALLATION_COMMUNITY: 32,
      ANONYMOUS_METRIC_BATCH: 33,
      SYNC_CHAT_REMOVED: 34,
      SYNC_CHAT_MESSAGES_READ: 35,
      BACKUP: 36,
      SYNC_ACTIVITY_CENTER_READ: 37,
      SYNC_ACTIVITY_CENTER_ACCEPTED: 38,
      SYNC_ACTIVITY_CENTER_DISMISSED: 39,
      SYNC_BOOKMARK: 40,
      SYNC_CLEAR_HISTORY: 41,
      SYNC_SETTING: 42,
      COMMUNITY_MESSAGE_ARCHIVE_MAGNETLINK: 43,
      SYNC_PROFILE_PICTURES: 44,
      SYNC_ACCOUNT: 45,
      ACCEPT_CONTACT_REQUEST: 46,
      RETRACT_CONTACT_REQUEST: 47,
      COMMUNITY_REQUEST_TO_JOIN_RESPONSE: 48,
      SYNC_COMMUNITY_SETTINGS: 49,
      REQUEST_CONTACT_VERIFICATION: 50,
      ACCEPT_CONTACT_VERIFICATION: 51,
      DECLINE_CONTACT_VERIFICATION: 52,
      SYNC_TRUSTED_USER: 53,
      SYNC_VERIFICATION_REQUEST: 54,
      SYNC_CONTACT_REQUEST_DECISION: 56,
      COMMUNITY_REQUEST_TO_LEAVE: 57,
      SYNC_DELETE_FOR_ME_MESSAGE: 58,
      SYNC_SAVED_ADDRESS: 59,
      COMMUNITY_CANCEL_REQUEST_TO_JOIN: 60,
      CANCEL_CONTACT_VERIFICATION: 61,
      SYNC_KEYPAIR: 62,
      SYNC_SOCIAL_LINKS: 63,
      SYNC_ENS_USERNAME_DETAIL: 64,
      COMMUNITY_EVENTS_MESSAGE: 67,
      COMMUNITY_EDIT_SHARED_ADDRESSES: 68,
      SYNC_ACCOUNT_CUSTOMIZATION_COLOR: 69,
      SYNC_ACCOUNTS_POSITIONS: 70,
      COMMUNITY_PRIVILEGED_USER_SYNC_MESSAGE: 72,
      COMMUNITY_SHARD_KEY: 73,
      SYNC_CHAT: 74,
      SYNC_ACTIVITY_CENTER_DELETED: 75,
      SYNC_ACTIVITY_CENTER_UNREAD: 76,
      SYNC_ACTIVITY_CENTER_COMMUNITY_REQUEST_DECISION: 77,
      SYNC_TOKEN_PREFERENCES: 78,
      COMMUNITY_PUBLIC_SHARD_INFO: 79,
      SYNC_COLLECTIBLE_PREFERENCES: 80,
      COMMUNITY_USER_KICKED: 81,
      SYNC_PROFILE_SHOWCASE_PREFERENCES: 82,
      COMMUNITY_PUBLIC_STORENODES_INFO: 83,
      COMMUNITY_REEVALUATE_PERMISSIONS_REQUEST: 84,
      DELETE_COMMUNITY_MEMBER_MESSAGES: 85,
      COMMUNITY_UPDATE_GRANT: 86,
      COMMUNITY_ENCRYPTION_KEYS_REQUEST: 87,
      COMMUNITY_TOKEN_ACTION: 88,
      COMMUNITY_SHARED_ADDRESSES_REQUEST: 89,
      COMMUNITY_SHARED_ADDRESSES_RESPONSE: 90,
    };
    // The generated enum object maps names to values and values back to names.
    const actual = Object.fromEntries(Object.entries(AmmType).filter(([name]) => !/^[0-9]+$/.test(name)));
    assert.deepEqual(actual, expected);
    for (const reserved of [14, 55, 65, 66, 71]) assert.equal(AmmType[reserved as AmmType], undefined);
  });

  const enumCases: Array<[string, object, { [name: string]: number }]> = [
    [
      'ChatMessage.ContentType',
      ContentType,
      {
        UNKNOWN_CONTENT_TYPE: 0,
        TEXT_PLAIN: 1,
        STICKER: 2,
        STATUS: 3,
        EMOJI: 4,
        TRANSACTION_COMMAND: 5,
        SYSTEM_MESSAGE_CONTENT_PRIVATE_GROUP: 6,
        IMAGE: 7,
        AUDIO: 8,
        COMMUNITY: 9,
        SYSTEM_MESSAGE_GAP: 10,
        CONTACT_REQUEST: 11,
        DISCORD_MESSAGE: 12,
        IDENTITY_VERIFICATION: 13,
        SYSTEM_MESSAGE_PINNED_MESSAGE: 14,
        SYSTEM_MESSAGE_MUTUAL_EVENT_SENT: 15,
        SYSTEM_MESSAGE_MUTUAL_EVENT_ACCEPTED: 16,
        SYSTEM_MESSAGE_MUTUAL_EVENT_REMOVED: 17,
        BRIDGE_MESSAGE: 18,
      },
    ],
    [
      'MessageType',
      MessageType,
      {
        UNKNOWN_MESSAGE_TYPE: 0,
        ONE_TO_ONE: 1,
        PUBLIC_GROUP: 2,
        PRIVATE_GROUP: 3,
        SYSTEM_MESSAGE_PRIVATE_GROUP: 4,
        COMMUNITY_CHAT: 5,
        SYSTEM_MESSAGE_GAP: 6,
      },
    ],
    ['ImageFormat', ImageFormat, { UNKNOWN_IMAGE_FORMAT: 0, PNG: 1, JPEG: 2, WEBP: 3, GIF: 4 }],
    ['AudioMessage.AudioType', AudioType, { UNKNOWN_AUDIO_TYPE: 0, AAC: 1, AMR: 2 }],
    [
      'EmojiReaction.Type',
      EmojiReactionType,
      { UNKNOWN_EMOJI_REACTION_TYPE: 0, LOVE: 1, THUMBS_UP: 2, THUMBS_DOWN: 3, LAUGH: 4, SAD: 5, ANGRY: 6 },
    ],
    [
      'StatusUpdate.StatusType',
      StatusType,
      { UNKNOWN_STATUS_TYPE: 0, AUTOMATIC: 1, DO_NOT_DISTURB: 2, ALWAYS_ONLINE: 3, INACTIVE: 4 },
    ],
    ['IdentityImage.SourceType', IdentityImageSourceType, { UNKNOWN_SOURCE_TYPE: 0, RAW_PAYLOAD: 1, ENS_AVATAR: 2 }],
    [
      'MembershipUpdateEvent.EventType',
      MembershipUpdateEventType,
      {
        UNKNOWN: 0,
        CHAT_CREATED: 1,
        NAME_CHANGED: 2,
        MEMBERS_ADDED: 3,
        MEMBER_JOINED: 4,
        MEMBER_REMOVED: 5,
        ADMINS_ADDED: 6,
        ADMIN_REMOVED: 7,
        COLOR_CHANGED: 8,
        IMAGE_CHANGED: 9,
      },
    ],
    [
      'GroupChatInvitation.State',
      protobuf.GroupChatInvitation.State,
      { UNKNOWN: 0, REQUEST: 1, REJECTED: 2, APPROVED: 3 },
    ],
    [
      'CommunityMember.Roles',
      CommunityMemberRole,
      { ROLE_NONE: 0, ROLE_OWNER: 1, ROLE_ADMIN: 4, ROLE_TOKEN_MASTER: 5 },
    ],
    ['CommunityMember.ChannelRole', CommunityChannelRole, { CHANNEL_ROLE_POSTER: 0, CHANNEL_ROLE_VIEWER: 1 }],
    [
      'CommunityPermissions.Access',
      CommunityAccess,
      { UNKNOWN_ACCESS: 0, AUTO_ACCEPT: 1, INVITATION_ONLY: 2, MANUAL_ACCEPT: 3 },
    ],
    [
      'CommunityTokenPermission.Type',
      CommunityTokenPermissionType,
      {
        UNKNOWN_TOKEN_PERMISSION: 0,
        BECOME_ADMIN: 1,
        BECOME_MEMBER: 2,
        CAN_VIEW_CHANNEL: 3,
        CAN_VIEW_AND_POST_CHANNEL: 4,
        BECOME_TOKEN_MASTER: 5,
        BECOME_TOKEN_OWNER: 6,
      },
    ],
    ['CommunityTokenType', protobuf.CommunityTokenType, { UNKNOWN_TOKEN_TYPE: 0, ERC20: 1, ERC721: 2, ENS: 3 }],
    [
      'CommunityEvent.EventType',
      CommunityEventType,
      {
        UNKNOWN: 0,
        COMMUNITY_EDIT: 1,
        COMMUNITY_MEMBER_TOKEN_PERMISSION_CHANGE: 2,
        COMMUNITY_MEMBER_TOKEN_PERMISSION_DELETE: 3,
        COMMUNITY_CATEGORY_CREATE: 4,
        COMMUNITY_CATEGORY_DELETE: 5,
        COMMUNITY_CATEGORY_EDIT: 6,
        COMMUNITY_CHANNEL_CREATE: 7,
        COMMUNITY_CHANNEL_DELETE: 8,
        COMMUNITY_CHANNEL_EDIT: 9,
        COMMUNITY_CATEGORY_REORDER: 10,
        COMMUNITY_CHANNEL_REORDER: 11,
        COMMUNITY_REQUEST_TO_JOIN_ACCEPT: 12,
        COMMUNITY_REQUEST_TO_JOIN_REJECT: 13,
        COMMUNITY_MEMBER_KICK: 14,
        COMMUNITY_MEMBER_BAN: 15,
        COMMUNITY_MEMBER_UNBAN: 16,
        COMMUNITY_TOKEN_ADD: 17,
        COMMUNITY_DELETE_BANNED_MEMBER_MESSAGES: 18,
      },
    ],
  ];
  for (const [label, enumObject, expected] of enumCases) {
    test(label, () => {
      const actual = Object.fromEntries(Object.entries(enumObject).filter(([name]) => !/^[0-9]+$/.test(name)));
      assert.deepEqual(actual, expected);
    });
  }
});

describe('decodeOrError', () => {
  test('refuses input above the cap before decoding, with the type name', () => {
    const wire = encode(ChatMessage, FIXTURES['protobuf.ChatMessage'] ?? {});
    const error = decodeOrError(ChatMessage, wire, wire.length - 1);
    assert.ok(error instanceof WireDecodeError);
    assert.equal(error.code, 'TOO_LARGE');
    assert.equal(error.type, 'protobuf.ChatMessage');
    assert.ok(!(decodeOrError(ChatMessage, wire, wire.length) instanceof WireDecodeError));
    const nonsense = decodeOrError(ChatMessage, wire, Number.NaN);
    assert.ok(nonsense instanceof WireDecodeError && nonsense.code === 'TOO_LARGE');
  });

  const malformed: Array<[string, string]> = [
    ['truncated length-delimited field', '0a 05 01'],
    ['truncated varint', '08 ff ff'],
    ['varint longer than 10 bytes', '08 ff ff ff ff ff ff ff ff ff ff ff 01'],
    ['field number 0', '00 01'],
    ['invalid wire type 7', '0f 01'],
    ['end-group without start', '0c'],
    ['invalid UTF-8 in a string field', '1a 02 c3 28'],
    ['field overrunning its sub-message', '42 02 0a 05 01 02 03 04 05'],
  ];
  for (const [label, wire] of malformed) {
    test(`returns MALFORMED for ${label}`, () => {
      const type: MessageDecoder<object> = label.includes('sub-message') ? CommunityRequestToJoinResponse : ChatMessage;
      const result = decodeOrError(type, unhex(wire), 1024);
      assert.ok(result instanceof WireDecodeError, `decoded: ${JSON.stringify(result)}`);
      assert.equal(result.code, 'MALFORMED');
      assert.equal(result.name, 'WireDecodeError');
    });
  }

  test('deeply nested unknown groups are refused, not a stack overflow', () => {
    const depth = 100_000;
    const wire = new Uint8Array(depth * 2);
    wire.fill(0x0b, 0, depth); // start-group, field 1
    wire.fill(0x0c, depth); // end-group, field 1
    const result = decodeOrError(ChatMessage, wire, wire.length);
    assert.ok(result instanceof WireDecodeError && result.code === 'MALFORMED');
  });

  test('non-Uint8Array input is MALFORMED, not a throw', () => {
    const result = decodeOrError(ChatMessage, 'hello' as unknown as Uint8Array, 100);
    assert.ok(result instanceof WireDecodeError && result.code === 'MALFORMED');
  });

  test('unknown fields are skipped (forward compatibility with newer status-go)', () => {
    // ChatMessage{clock: 5} followed by field 50 (varint) and field 51 (bytes) that we do not know.
    const decoded = decodeOk(ChatMessage, unhex('08 05 90 03 07 9a 03 02 aa bb'));
    assert.equal(toBigInt(decoded.clock), 5n);
    assert.equal(hex(encode(ChatMessage, decoded)), '0805');
  });

  test('decoded values never alias the input buffer', () => {
    const wire = Buffer.from(encode(SegmentMessage, { payload: bytes(64, 9) }));
    const decoded = decodeOk(SegmentMessage, wire);
    wire.fill(0);
    assert.equal(hex(decoded.payload), hex(bytes(64, 9)));
    assert.equal(Object.getPrototypeOf(decoded.payload), Uint8Array.prototype);
  });

  test('max-ish and empty bytes round-trip (a full 768 KiB segment)', () => {
    const payload = bytes(786_432, 4);
    const wire = encode(SegmentMessage, { entireMessageHash: bytes(32, 5), payload, segmentsCount: 2 });
    const decoded = decodeOk(SegmentMessage, wire);
    assert.equal(decoded.payload.length, payload.length);
    assert.ok(Buffer.from(decoded.payload).equals(Buffer.from(payload)));
    const empty = decodeOk(SegmentMessage, encode(SegmentMessage, { payload: new Uint8Array(0) }));
    assert.equal(empty.payload.length, 0);
  });
});

describe('encode', () => {
  test('returns a plain Uint8Array that owns its memory', () => {
    const wire = encode(ChatMessage, { text: 'x' });
    assert.equal(Object.getPrototypeOf(wire), Uint8Array.prototype);
    assert.equal(wire.byteOffset, 0);
    assert.equal(wire.buffer.byteLength, wire.length);
  });

  test('refuses objects that do not verify, naming the type and field', () => {
    const bad: Array<[AnyMessageType, object, RegExp]> = [
      [ChatMessage as unknown as AnyMessageType, { text: 5 }, /text: string expected/],
      [ChatMessage as unknown as AnyMessageType, { messageType: 'ONE_TO_ONE' }, /messageType/],
      [ChatMessage as unknown as AnyMessageType, { clock: 5n }, /clock/],
      [
        ChatMessage as unknown as AnyMessageType,
        { clock: 2 ** 60 },
        /clock: 1152921504606847000 is not a safe integer/,
      ],
      [ChatMessage as unknown as AnyMessageType, { customizationColor: 1.5 }, /customizationColor/],
      [ApplicationMetadataMessage as unknown as AnyMessageType, { payload: 5 }, /payload: buffer expected/],
      [TokenCriteria as unknown as AnyMessageType, { tokenIds: [2 ** 53] }, /tokenIds\.0/],
      [
        ProtocolMessage as unknown as AnyMessageType,
        { encryptedMessage: { none: { DRHeader: { n: 'x' } } } },
        /n: integer expected/,
      ],
    ];
    for (const [type, object, pattern] of bad) {
      assert.throws(
        () => encode(type, object),
        (error: unknown) =>
          error instanceof WireEncodeError && pattern.test(error.message) && error.type === typeName(type),
        JSON.stringify(object, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value)),
      );
    }
  });

  test('large safe numbers are accepted for 64-bit fields', () => {
    const wire = encode(ChatMessage, { clock: u64(Number.MAX_SAFE_INTEGER) });
    assert.equal(toBigInt(decodeOk(ChatMessage, wire).clock), BigInt(Number.MAX_SAFE_INTEGER));
  });
});

describe('64-bit helpers', () => {
  test('u64 / i64 / toBigInt are exact over the full ranges', () => {
    const unsigned = [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];
    for (const value of unsigned) {
      assert.equal(toBigInt(u64(value)), value);
      assert.equal(toBigInt(decodeOk(ChatMessage, encode(ChatMessage, { clock: u64(value) })).clock), value);
    }
    const signed = [-(2n ** 63n), -(2n ** 53n) - 3n, -1n, 0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n];
    for (const value of signed) {
      assert.equal(toBigInt(i64(value)), value);
      assert.equal(toBigInt(decodeOk(Bundle, encode(Bundle, { timestamp: i64(value) })).timestamp), value);
    }
    assert.equal(toBigInt(u64('18446744073709551615')), 2n ** 64n - 1n);
    assert.equal(toBigInt(i64(-42)), -42n);
    assert.equal(toBigInt(null), 0n);
    assert.equal(toBigInt(undefined), 0n);
    assert.equal(toBigInt(7), 7n);
  });

  test('out-of-range and inexact inputs are refused', () => {
    assert.throws(() => u64(-1n), RangeError);
    assert.throws(() => u64(2n ** 64n), RangeError);
    assert.throws(() => i64(2n ** 63n), RangeError);
    assert.throws(() => i64(-(2n ** 63n) - 1n), RangeError);
    assert.throws(() => u64(2 ** 53), RangeError);
    assert.throws(() => u64(1.5), RangeError);
    assert.throws(() => u64('12abc'), RangeError);
    assert.throws(() => toBigInt(2 ** 60), RangeError);
  });

  test('toSafeNumber gives a number only when exact', () => {
    assert.equal(toSafeNumber(u64(1_732_280_000_123n)), 1_732_280_000_123);
    assert.equal(toSafeNumber(u64(2n ** 53n)), undefined);
    assert.equal(toSafeNumber(i64(-5)), -5);
    assert.equal(toSafeNumber(undefined), 0);
    assert.equal(toSafeNumber(2 ** 60), undefined);
  });

  test('64-bit map keys: build with mapKey64, read with entries64', () => {
    const keys = [1n, 10n, 11_155_111n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];
    const map = Object.fromEntries(keys.map((key, index) => [mapKey64(key), `address-${index}`]));
    const decoded = decodeOk(TokenCriteria, encode(TokenCriteria, { contractAddresses: map }));
    assert.deepEqual(
      entries64(decoded.contractAddresses),
      keys.map((key, index) => [key, `address-${index}`]),
    );
    assert.equal(mapKey64ToBigInt('short'), undefined);
    assert.equal(mapKey64ToBigInt('\u0100\0\0\0\0\0\0\0'), undefined);
    assert.equal(mapKey64ToBigInt('\xff\xff\xff\xff\xff\xff\xff\xff', false), -1n);
    assert.deepEqual(entries64(undefined), []);
    assert.throws(() => mapKey64(2n ** 64n), RangeError);
  });
});

test('typeName gives the fully qualified protobuf name', () => {
  assert.equal(typeName(ChatMessage), 'protobuf.ChatMessage');
  assert.equal(typeName(ProtocolMessage), 'encryption.ProtocolMessage');
  assert.equal(typeName(MvdsPayload), 'mvds.Payload');
});

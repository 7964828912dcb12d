// Properties of the Status protobufs: decode(encode(x)) == x for generated values, and any bytes
// (random, mutated valid messages, or random but well-formed field sequences) fed to
// decodeOrError give a message or a WireDecodeError, never an exception.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  AmmType,
  ApplicationMetadataMessage,
  AudioType,
  Bundle,
  ChatMessage,
  CommunityAccess,
  CommunityChannelRole,
  CommunityDescription,
  CommunityMemberRole,
  ContentType,
  decodeOrError,
  EmojiReactionType,
  encode,
  ImageFormat,
  i64,
  MembershipUpdateMessage,
  MessageType,
  MvdsPayload,
  mapKey64,
  ProtocolMessage,
  SegmentMessage,
  StatusType,
  StatusUpdate,
  TokenCriteria,
  u64,
  WireDecodeError,
} from '../../../main/wire/proto.ts';
import { FIXTURES } from './proto-fixtures.ts';
import { ALL_MESSAGE_TYPES, type AnyMessageType, hex, normalize } from './proto-helpers.ts';

const RUNS = 200;

// ---------------------------------------------------------------------------------------------
// Arbitraries of encodable objects

const u64Arb = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(u64);
const i64Arb = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(i64);
const uint32Arb = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const int32Arb = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const text = (maxLength = 40) => fc.string({ unit: 'binary', maxLength });
const blob = (maxLength = 64) => fc.uint8Array({ maxLength });
const enumOf = (values: object) =>
  fc.constantFrom(...Object.values(values).filter((value): value is number => typeof value === 'number'));
const optional = <T extends object>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(fields, { requiredKeys: [] });

const shardArb = optional({ cluster: int32Arb, index: int32Arb });
const imageArb = optional({
  payload: blob(),
  format: enumOf(ImageFormat),
  albumId: text(),
  width: uint32Arb,
  height: uint32Arb,
  albumImagesCount: uint32Arb,
});
const payloadArb = fc.oneof(
  fc.constant({}),
  fc.record({ sticker: optional({ hash: text(), pack: int32Arb }) }),
  fc.record({ image: imageArb }),
  fc.record({ audio: optional({ payload: blob(), type: enumOf(AudioType), durationMs: u64Arb }) }),
  fc.record({ community: blob() }),
  fc.record({
    discordMessage: optional({
      id: text(),
      content: text(),
      attachments: fc.array(optional({ fileSizeBytes: u64Arb, payload: blob() }), { maxLength: 3 }),
    }),
  }),
  fc.record({ bridgeMessage: optional({ bridgeName: text(), content: text(), parentMessageID: text() }) }),
);
const chatMessageArb = fc
  .tuple(
    optional({
      clock: u64Arb,
      timestamp: u64Arb,
      text: text(200),
      responseTo: text(),
      ensName: text(),
      chatId: text(),
      messageType: enumOf(MessageType),
      contentType: enumOf(ContentType),
      grant: blob(),
      displayName: text(),
      contactRequestPropagatedState: optional({
        localClock: u64Arb,
        localState: u64Arb,
        remoteClock: u64Arb,
        remoteState: u64Arb,
      }),
      unfurledLinks: fc.array(
        optional({ url: text(), title: text(), thumbnailPayload: blob(), type: fc.constantFrom(0, 1) }),
        { maxLength: 3 },
      ),
      shard: shardArb,
      unfurledStatusLinks: optional({
        unfurledStatusLinks: fc.array(
          fc.oneof(
            optional({ url: text() }),
            fc.record({ url: text(), contact: optional({ publicKey: blob(33), displayName: text() }) }),
            fc.record({ url: text(), community: optional({ communityId: blob(33), membersCount: uint32Arb }) }),
            fc.record({
              url: text(),
              channel: optional({ channelUuid: text(), community: optional({ displayName: text() }) }),
            }),
          ),
          { maxLength: 3 },
        ),
      }),
      customizationColor: uint32Arb,
    }),
    payloadArb,
  )
  .map(([fields, payload]) => ({ ...fields, ...payload }));

const ammArb = optional({ signature: blob(65), payload: blob(300), type: enumOf(AmmType) });

const mvdsPayloadArb = optional({
  acks: fc.array(blob(32), { maxLength: 4 }),
  offers: fc.array(blob(32), { maxLength: 4 }),
  requests: fc.array(blob(32), { maxLength: 4 }),
  messages: fc.array(optional({ groupId: blob(32), timestamp: i64Arb, body: blob(200) }), { maxLength: 4 }),
  groupOffers: fc.array(optional({ groupId: blob(32), messageIds: fc.array(blob(32), { maxLength: 3 }) }), {
    maxLength: 3,
  }),
});

const signedPreKeyArb = optional({ signedPreKey: blob(33), version: uint32Arb, protocolVersion: uint32Arb });
const bundleArb = optional({
  identity: blob(33),
  signedPreKeys: fc.dictionary(text(36), signedPreKeyArb, { maxKeys: 3 }),
  signature: blob(65),
  timestamp: i64Arb,
});
const hrHeaderArb = optional({
  deprecatedKeyId: uint32Arb,
  seqNo: uint32Arb,
  groupId: blob(33),
  keyId: blob(32),
  keys: optional({
    keys: fc.array(optional({ deprecatedKeyId: uint32Arb, key: blob(32), timestamp: u64Arb }), { maxLength: 3 }),
    rekeyGroup: optional({
      timestamp: u64Arb,
      keys: fc
        .array(fc.tuple(uint32Arb, blob(60)), { maxLength: 4 })
        .map((entries) => Object.fromEntries(entries.map(([key, value]) => [String(key), value]))),
    }),
  }),
});
const encryptedMessageArb = optional({
  X3DHHeader: optional({ key: blob(33), id: blob(33) }),
  DRHeader: optional({ key: blob(33), n: uint32Arb, pn: uint32Arb, id: blob(33) }),
  DHHeader: optional({ key: blob(33) }),
  HRHeader: hrHeaderArb,
  payload: blob(200),
});
const protocolMessageArb = optional({
  installationId: text(36),
  bundles: fc.array(bundleArb, { maxLength: 2 }),
  encryptedMessage: fc.dictionary(text(36), encryptedMessageArb, { maxKeys: 3 }),
  publicMessage: blob(200),
});

const segmentArb = optional({
  entireMessageHash: blob(32),
  index: uint32Arb,
  segmentsCount: uint32Arb,
  payload: blob(1000),
  paritySegmentIndex: uint32Arb,
  paritySegmentsCount: uint32Arb,
});

const membershipArb = fc
  .tuple(
    optional({ chatId: text(), events: fc.array(blob(120), { maxLength: 4 }) }),
    fc.oneof(
      fc.constant({}),
      chatMessageArb.map((message) => ({ message })),
      fc.record({
        emojiReaction: optional({
          clock: u64Arb,
          chatId: text(),
          messageId: text(),
          type: enumOf(EmojiReactionType),
          retracted: fc.boolean(),
        }),
      }),
    ),
  )
  .map(([fields, entity]) => ({ ...fields, ...entity }));

const statusUpdateArb = optional({ clock: u64Arb, statusType: enumOf(StatusType), customText: text(128) });

const memberArb = optional({
  roles: fc.array(enumOf(CommunityMemberRole), { maxLength: 3 }),
  lastUpdateClock: u64Arb,
  channelRole: enumOf(CommunityChannelRole),
  revealedAccounts: fc.array(
    optional({
      address: text(42),
      signature: blob(65),
      chainIds: fc.array(u64Arb, { maxLength: 3 }),
      isAirdropAddress: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
});
const communityDescriptionArb = optional({
  clock: u64Arb,
  members: fc.dictionary(text(132), memberArb, { maxKeys: 4 }),
  permissions: optional({ ensOnly: fc.boolean(), private: fc.boolean(), access: enumOf(CommunityAccess) }),
  chats: fc.dictionary(
    text(36),
    optional({
      members: fc.dictionary(text(132), memberArb, { maxKeys: 2 }),
      categoryId: text(),
      position: int32Arb,
      viewersCanPostReactions: fc.boolean(),
      membersList: optional({ data: blob(), m: u64Arb, k: u64Arb }),
    }),
    { maxKeys: 3 },
  ),
  tags: fc.array(text(), { maxLength: 3 }),
  activeMembersCount: u64Arb,
  ID: text(68),
  bannedMembers: fc.dictionary(text(132), optional({ deleteAllMessages: fc.boolean() }), { maxKeys: 2 }),
  privateData: fc.dictionary(text(70), blob(), { maxKeys: 3 }),
});

const tokenCriteriaArb = optional({
  contractAddresses: fc
    .uniqueArray(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { maxLength: 4 })
    .chain((keys) => fc.tuple(...keys.map((key) => text(42).map((address) => [mapKey64(key), address] as const))))
    .map((entries) => Object.fromEntries(entries)),
  symbol: text(),
  tokenIds: fc.array(u64Arb, { maxLength: 4 }),
  decimals: u64Arb,
  amountInWei: text(),
});

const roundTrips: Array<[string, AnyMessageType, fc.Arbitrary<{ [key: string]: unknown }>]> = [
  ['ApplicationMetadataMessage', ApplicationMetadataMessage as unknown as AnyMessageType, ammArb],
  ['ChatMessage', ChatMessage as unknown as AnyMessageType, chatMessageArb],
  ['MVDS Payload', MvdsPayload as unknown as AnyMessageType, mvdsPayloadArb],
  ['Bundle', Bundle as unknown as AnyMessageType, bundleArb],
  ['ProtocolMessage', ProtocolMessage as unknown as AnyMessageType, protocolMessageArb],
  ['SegmentMessage', SegmentMessage as unknown as AnyMessageType, segmentArb],
  ['MembershipUpdateMessage', MembershipUpdateMessage as unknown as AnyMessageType, membershipArb],
  ['StatusUpdate', StatusUpdate as unknown as AnyMessageType, statusUpdateArb],
  ['CommunityDescription', CommunityDescription as unknown as AnyMessageType, communityDescriptionArb],
  ['TokenCriteria (64-bit map keys)', TokenCriteria as unknown as AnyMessageType, tokenCriteriaArb],
];

describe('decode(encode(x)) == x', () => {
  for (const [label, type, arbitrary] of roundTrips) {
    test(label, () => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          const wire = encode(type, value);
          const decoded = decodeOrError(type, wire, wire.length);
          assert.ok(!(decoded instanceof WireDecodeError), String(decoded));
          assert.deepEqual(normalize(decoded), normalize(value));
          assert.equal(hex(encode(type, decoded as { [key: string]: unknown })), hex(wire));
        }),
        { numRuns: RUNS },
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Hostile input

/** Protobuf varint, written independently of protobufjs. */
function varint(value: bigint): number[] {
  const out: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return out;
}

/** Field numbers that occur somewhere in our schemas, plus some that do not. */
const fieldNumberArb = fc.oneof(
  fc.integer({ min: 1, max: 20 }),
  fc.constantFrom(99, 100, 101, 102, 5001, 5002, 5003, 5004, 5005, 6001, 6002, 6003),
  fc.integer({ min: 0, max: 2 ** 29 - 1 }),
);

/** A random field: a valid tag with any wire type and a plausible (or lying) body. */
const fieldArb: fc.Arbitrary<number[]> = fc.letrec<{ field: number[]; message: number[] }>((tie) => ({
  field: fc.oneof(
    { depthSize: 'small' },
    fc
      .tuple(fieldNumberArb, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }))
      .map(([field, value]) => [...varint(BigInt(field * 8)), ...varint(value)]),
    fc
      .tuple(fieldNumberArb, fc.uint8Array({ maxLength: 12 }))
      .map(([field, body]) => [...varint(BigInt(field * 8 + 2)), ...varint(BigInt(body.length)), ...body]),
    fc
      .tuple(fieldNumberArb, tie('message'))
      .map(([field, body]) => [...varint(BigInt(field * 8 + 2)), ...varint(BigInt(body.length)), ...body]),
    fc
      .tuple(fieldNumberArb, fc.uint8Array({ minLength: 4, maxLength: 4 }))
      .map(([field, body]) => [...varint(BigInt(field * 8 + 5)), ...body]),
    fc
      .tuple(fieldNumberArb, fc.uint8Array({ minLength: 8, maxLength: 8 }))
      .map(([field, body]) => [...varint(BigInt(field * 8 + 1)), ...body]),
    fc
      .tuple(fieldNumberArb, tie('message'))
      .map(([field, body]) => [...varint(BigInt(field * 8 + 3)), ...body, ...varint(BigInt(field * 8 + 4))]),
    fc
      .tuple(fieldNumberArb, fc.integer({ min: 0, max: 7 }), fc.uint8Array({ maxLength: 6 }))
      .map(([field, wireType, body]) => [...varint(BigInt(field * 8 + wireType)), ...body]),
  ),
  message: fc.array(tie('field'), { maxLength: 5 }).map((fields) => fields.flat()),
})).field;
const wellFormedishArb = fc.array(fieldArb, { maxLength: 8 }).map((fields) => Uint8Array.from(fields.flat()));

/** A valid encoding of the type's fixture with a few random edits. */
function mutatedArb(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.tuple(fc.constant('set' as const), fc.nat(), fc.integer({ min: 0, max: 255 })),
    fc.tuple(fc.constant('insert' as const), fc.nat(), fc.integer({ min: 0, max: 255 })),
    fc.tuple(fc.constant('delete' as const), fc.nat(), fc.constant(0)),
    fc.tuple(fc.constant('truncate' as const), fc.nat(), fc.constant(0)),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const out = [...valid];
    for (const [kind, where, byte] of edits) {
      const at = out.length === 0 ? 0 : where % out.length;
      if (kind === 'set' && out.length > 0) out[at] = byte;
      else if (kind === 'insert') out.splice(at, 0, byte);
      else if (kind === 'delete') out.splice(at, 1);
      else if (kind === 'truncate') out.length = at;
    }
    return Uint8Array.from(out);
  });
}

function assertValueOrError(type: AnyMessageType, input: Uint8Array): void {
  let result: unknown;
  try {
    result = decodeOrError(type, input, 1 << 20);
  } catch (error) {
    assert.fail(`decodeOrError threw ${String(error)} for ${hex(input)}`);
  }
  if (result instanceof WireDecodeError) {
    assert.ok(result.code === 'MALFORMED' || result.code === 'TOO_LARGE');
  } else {
    assert.ok(result instanceof (type as unknown as new () => object), `not a ${typeof type} instance`);
  }
}

describe('any bytes give a message or a WireDecodeError', () => {
  for (const [name, type] of ALL_MESSAGE_TYPES) {
    test(name, () => {
      const valid = encode(type, FIXTURES[name] ?? {});
      const inputs = fc.oneof(fc.uint8Array({ maxLength: 256 }), wellFormedishArb, mutatedArb(valid));
      fc.assert(
        fc.property(inputs, (input) => assertValueOrError(type, input)),
        { numRuns: RUNS },
      );
    });
  }
});

// The one door to the generated Status protobufs (gen/proto/status.js, built from proto/ by
// scripts/gen-proto.ts). The rest of the app imports message classes, enums and the safe
// encode/decode helpers from here, never from gen/ directly.
//
// - decodeOrError(Type, bytes, maxBytes) caps the size, decodes a private copy of the bytes and
//   turns every failure into a WireDecodeError value: hostile input never throws.
// - encode(Type, object) refuses objects that Type.verify rejects (or that hold numbers beyond
//   2^53, which cannot be exact) and returns a fresh Uint8Array.
// - 64-bit fields are Long objects (see scripts/gen-proto.ts); convert with toBigInt / u64 / i64.
//   64-bit map keys come out of protobufjs as 8-character binary strings: use mapKey64ToBigInt /
//   entries64 to read them and mapKey64 to write them.
//
// Received bytes must be kept as received: signatures and message ids cover the original bytes,
// and protobufjs drops unknown fields, so re-encoding a decoded message can change it.
import $protobuf from 'protobufjs/minimal.js';
import { encryption, mvds, protobuf } from '../../gen/proto/status.js';

export { encryption, mvds, protobuf };

/** protobufjs's 64-bit integer (the `long` package's class), as used by the generated code. */
export type Long = protobuf.ChatMessage['clock'];

interface LongClass {
  fromBits(low: number, high: number, unsigned?: boolean): Long;
  isLong(value: unknown): value is Long;
}

const LongImpl = $protobuf.util.Long as unknown as LongClass | null | undefined;
if (!LongImpl) {
  // Without Long, protobufjs silently decodes 64-bit fields into imprecise numbers.
  throw new Error('protobufjs is running without the long package: 64-bit fields would lose precision');
}
const LongCtor: LongClass = LongImpl;

// ---------------------------------------------------------------------------------------------
// Stable names. `export const X` is the generated class (encode/decode/verify/...), `export type X`
// the decoded message type; `X.$Properties` (via protobuf.X.$Properties) is the encodable shape.

// protobuf (status-go protocol/protobuf)
export const ApplicationMetadataMessage = protobuf.ApplicationMetadataMessage;
export type ApplicationMetadataMessage = protobuf.ApplicationMetadataMessage;
/** ApplicationMetadataMessage.Type: what the payload of an AMM is. */
export const AmmType = protobuf.ApplicationMetadataMessage.Type;
export type AmmType = protobuf.ApplicationMetadataMessage.Type;

export const MessageType = protobuf.MessageType;
export type MessageType = protobuf.MessageType;
export const ImageFormat = protobuf.ImageFormat;
export type ImageFormat = protobuf.ImageFormat;
export const CommunityTokenType = protobuf.CommunityTokenType;
export type CommunityTokenType = protobuf.CommunityTokenType;

export const ChatMessage = protobuf.ChatMessage;
export type ChatMessage = protobuf.ChatMessage;
export const ContentType = protobuf.ChatMessage.ContentType;
export type ContentType = protobuf.ChatMessage.ContentType;
export const StickerMessage = protobuf.StickerMessage;
export type StickerMessage = protobuf.StickerMessage;
export const ImageMessage = protobuf.ImageMessage;
export type ImageMessage = protobuf.ImageMessage;
export const AudioMessage = protobuf.AudioMessage;
export type AudioMessage = protobuf.AudioMessage;
export const AudioType = protobuf.AudioMessage.AudioType;
export type AudioType = protobuf.AudioMessage.AudioType;
export const DiscordMessage = protobuf.DiscordMessage;
export type DiscordMessage = protobuf.DiscordMessage;
export const BridgeMessage = protobuf.BridgeMessage;
export type BridgeMessage = protobuf.BridgeMessage;
export const UnfurledLink = protobuf.UnfurledLink;
export type UnfurledLink = protobuf.UnfurledLink;
export const UnfurledStatusLink = protobuf.UnfurledStatusLink;
export type UnfurledStatusLink = protobuf.UnfurledStatusLink;
export const UnfurledStatusLinks = protobuf.UnfurledStatusLinks;
export type UnfurledStatusLinks = protobuf.UnfurledStatusLinks;
export const EditMessage = protobuf.EditMessage;
export type EditMessage = protobuf.EditMessage;
export const DeleteMessage = protobuf.DeleteMessage;
export type DeleteMessage = protobuf.DeleteMessage;
/** "Delete for me" (status-go's SyncDeleteForMeMessage, AMM type SYNC_DELETE_FOR_ME_MESSAGE). */
export const SyncDeleteForMeMessage = protobuf.SyncDeleteForMeMessage;
export type SyncDeleteForMeMessage = protobuf.SyncDeleteForMeMessage;
export const EmojiReaction = protobuf.EmojiReaction;
export type EmojiReaction = protobuf.EmojiReaction;
export const EmojiReactionType = protobuf.EmojiReaction.Type;
export type EmojiReactionType = protobuf.EmojiReaction.Type;
export const PinMessage = protobuf.PinMessage;
export type PinMessage = protobuf.PinMessage;

export const ContactUpdate = protobuf.ContactUpdate;
export type ContactUpdate = protobuf.ContactUpdate;
export const ContactRequestPropagatedState = protobuf.ContactRequestPropagatedState;
export type ContactRequestPropagatedState = protobuf.ContactRequestPropagatedState;
export const AcceptContactRequest = protobuf.AcceptContactRequest;
export type AcceptContactRequest = protobuf.AcceptContactRequest;
export const RetractContactRequest = protobuf.RetractContactRequest;
export type RetractContactRequest = protobuf.RetractContactRequest;
// pairing.proto: own-device sync (to our own key, read from our paired installations only)
export const SyncPairInstallation = protobuf.SyncPairInstallation;
export type SyncPairInstallation = protobuf.SyncPairInstallation;
export const SyncInstallationContactV2 = protobuf.SyncInstallationContactV2;
export type SyncInstallationContactV2 = protobuf.SyncInstallationContactV2;
/** A chat hidden on one of our devices (status-go's SyncChatRemoved, AMM type SYNC_CHAT_REMOVED). */
export const SyncChatRemoved = protobuf.SyncChatRemoved;
export type SyncChatRemoved = protobuf.SyncChatRemoved;
/** A chat read on one of our devices (status-go's SyncChatMessagesRead, AMM type SYNC_CHAT_MESSAGES_READ). */
export const SyncChatMessagesRead = protobuf.SyncChatMessagesRead;
export type SyncChatMessagesRead = protobuf.SyncChatMessagesRead;
export const ChatIdentity = protobuf.ChatIdentity;
export type ChatIdentity = protobuf.ChatIdentity;
export const IdentityImage = protobuf.IdentityImage;
export type IdentityImage = protobuf.IdentityImage;
export const IdentityImageSourceType = protobuf.IdentityImage.SourceType;
export type IdentityImageSourceType = protobuf.IdentityImage.SourceType;
export const ProfileShowcase = protobuf.ProfileShowcase;
export type ProfileShowcase = protobuf.ProfileShowcase;
export const ContactCodeAdvertisement = protobuf.ContactCodeAdvertisement;
export type ContactCodeAdvertisement = protobuf.ContactCodeAdvertisement;
export const PushNotificationQueryInfo = protobuf.PushNotificationQueryInfo;
export type PushNotificationQueryInfo = protobuf.PushNotificationQueryInfo;
export const StatusUpdate = protobuf.StatusUpdate;
export type StatusUpdate = protobuf.StatusUpdate;
export const StatusType = protobuf.StatusUpdate.StatusType;
export type StatusType = protobuf.StatusUpdate.StatusType;

export const SegmentMessage = protobuf.SegmentMessage;
export type SegmentMessage = protobuf.SegmentMessage;

export const MembershipUpdateMessage = protobuf.MembershipUpdateMessage;
export type MembershipUpdateMessage = protobuf.MembershipUpdateMessage;
export const MembershipUpdateEvent = protobuf.MembershipUpdateEvent;
export type MembershipUpdateEvent = protobuf.MembershipUpdateEvent;
export const MembershipUpdateEventType = protobuf.MembershipUpdateEvent.EventType;
export type MembershipUpdateEventType = protobuf.MembershipUpdateEvent.EventType;
export const GroupChatInvitation = protobuf.GroupChatInvitation;
export type GroupChatInvitation = protobuf.GroupChatInvitation;

export const Shard = protobuf.Shard;
export type Shard = protobuf.Shard;
export const PublicShardInfo = protobuf.PublicShardInfo;
export type PublicShardInfo = protobuf.PublicShardInfo;
export const CommunityPublicShardInfo = protobuf.CommunityPublicShardInfo;
export type CommunityPublicShardInfo = protobuf.CommunityPublicShardInfo;
export const CommunityShardKey = protobuf.CommunityShardKey;
export type CommunityShardKey = protobuf.CommunityShardKey;
export const CommunityDescription = protobuf.CommunityDescription;
export type CommunityDescription = protobuf.CommunityDescription;
export const CommunityMember = protobuf.CommunityMember;
export type CommunityMember = protobuf.CommunityMember;
export const CommunityMemberRole = protobuf.CommunityMember.Roles;
export type CommunityMemberRole = protobuf.CommunityMember.Roles;
export const CommunityChannelRole = protobuf.CommunityMember.ChannelRole;
export type CommunityChannelRole = protobuf.CommunityMember.ChannelRole;
export const CommunityPermissions = protobuf.CommunityPermissions;
export type CommunityPermissions = protobuf.CommunityPermissions;
export const CommunityAccess = protobuf.CommunityPermissions.Access;
export type CommunityAccess = protobuf.CommunityPermissions.Access;
export const CommunityChat = protobuf.CommunityChat;
export type CommunityChat = protobuf.CommunityChat;
export const CommunityCategory = protobuf.CommunityCategory;
export type CommunityCategory = protobuf.CommunityCategory;
export const CommunityBloomFilter = protobuf.CommunityBloomFilter;
export type CommunityBloomFilter = protobuf.CommunityBloomFilter;
export const CommunityBanInfo = protobuf.CommunityBanInfo;
export type CommunityBanInfo = protobuf.CommunityBanInfo;
export const CommunityAdminSettings = protobuf.CommunityAdminSettings;
export type CommunityAdminSettings = protobuf.CommunityAdminSettings;
export const CommunityTokenPermission = protobuf.CommunityTokenPermission;
export type CommunityTokenPermission = protobuf.CommunityTokenPermission;
export const CommunityTokenPermissionType = protobuf.CommunityTokenPermission.Type;
export type CommunityTokenPermissionType = protobuf.CommunityTokenPermission.Type;
export const TokenCriteria = protobuf.TokenCriteria;
export type TokenCriteria = protobuf.TokenCriteria;
export const CommunityTokenMetadata = protobuf.CommunityTokenMetadata;
export type CommunityTokenMetadata = protobuf.CommunityTokenMetadata;
export const CommunityTokenAction = protobuf.CommunityTokenAction;
export type CommunityTokenAction = protobuf.CommunityTokenAction;
export const RevealedAccount = protobuf.RevealedAccount;
export type RevealedAccount = protobuf.RevealedAccount;
export const Grant = protobuf.Grant;
export type Grant = protobuf.Grant;
export const CommunityRequestToJoin = protobuf.CommunityRequestToJoin;
export type CommunityRequestToJoin = protobuf.CommunityRequestToJoin;
export const CommunityRequestToJoinResponse = protobuf.CommunityRequestToJoinResponse;
export type CommunityRequestToJoinResponse = protobuf.CommunityRequestToJoinResponse;
export const CommunityCancelRequestToJoin = protobuf.CommunityCancelRequestToJoin;
export type CommunityCancelRequestToJoin = protobuf.CommunityCancelRequestToJoin;
export const CommunityRequestToLeave = protobuf.CommunityRequestToLeave;
export type CommunityRequestToLeave = protobuf.CommunityRequestToLeave;
export const CommunityUserKicked = protobuf.CommunityUserKicked;
export type CommunityUserKicked = protobuf.CommunityUserKicked;
export const CommunityEditSharedAddresses = protobuf.CommunityEditSharedAddresses;
export type CommunityEditSharedAddresses = protobuf.CommunityEditSharedAddresses;
export const CommunityMessageArchiveMagnetlink = protobuf.CommunityMessageArchiveMagnetlink;
export type CommunityMessageArchiveMagnetlink = protobuf.CommunityMessageArchiveMagnetlink;
export const CommunityPublicStorenodesInfo = protobuf.CommunityPublicStorenodesInfo;
export type CommunityPublicStorenodesInfo = protobuf.CommunityPublicStorenodesInfo;
export const CommunityStorenodes = protobuf.CommunityStorenodes;
export type CommunityStorenodes = protobuf.CommunityStorenodes;
export const CommunityReevaluatePermissionsRequest = protobuf.CommunityReevaluatePermissionsRequest;
export type CommunityReevaluatePermissionsRequest = protobuf.CommunityReevaluatePermissionsRequest;
export const DeleteCommunityMemberMessages = protobuf.DeleteCommunityMemberMessages;
export type DeleteCommunityMemberMessages = protobuf.DeleteCommunityMemberMessages;
export const CommunityUpdateGrant = protobuf.CommunityUpdateGrant;
export type CommunityUpdateGrant = protobuf.CommunityUpdateGrant;
export const CommunityEncryptionKeysRequest = protobuf.CommunityEncryptionKeysRequest;
export type CommunityEncryptionKeysRequest = protobuf.CommunityEncryptionKeysRequest;
export const CommunitySharedAddressesRequest = protobuf.CommunitySharedAddressesRequest;
export type CommunitySharedAddressesRequest = protobuf.CommunitySharedAddressesRequest;
export const CommunitySharedAddressesResponse = protobuf.CommunitySharedAddressesResponse;
export type CommunitySharedAddressesResponse = protobuf.CommunitySharedAddressesResponse;
/** Community history archive; its messages are `ArchivedWakuMessage`s (not the transport WakuMessage). */
export const WakuMessageArchive = protobuf.WakuMessageArchive;
export type WakuMessageArchive = protobuf.WakuMessageArchive;
export const WakuMessageArchiveIndex = protobuf.WakuMessageArchiveIndex;
export type WakuMessageArchiveIndex = protobuf.WakuMessageArchiveIndex;
export const ArchivedWakuMessage = protobuf.WakuMessage;
export type ArchivedWakuMessage = protobuf.WakuMessage;
export const CommunityEventsMessage = protobuf.CommunityEventsMessage;
export type CommunityEventsMessage = protobuf.CommunityEventsMessage;
export const SignedCommunityEvent = protobuf.SignedCommunityEvent;
export type SignedCommunityEvent = protobuf.SignedCommunityEvent;
export const CommunityEvent = protobuf.CommunityEvent;
export type CommunityEvent = protobuf.CommunityEvent;
export const CommunityEventType = protobuf.CommunityEvent.EventType;
export type CommunityEventType = protobuf.CommunityEvent.EventType;

// encryption (status-go protocol/encryption)
export const SignedPreKey = encryption.SignedPreKey;
export type SignedPreKey = encryption.SignedPreKey;
export const Bundle = encryption.Bundle;
export type Bundle = encryption.Bundle;
export const BundleContainer = encryption.BundleContainer;
export type BundleContainer = encryption.BundleContainer;
export const DRHeader = encryption.DRHeader;
export type DRHeader = encryption.DRHeader;
export const DHHeader = encryption.DHHeader;
export type DHHeader = encryption.DHHeader;
export const X3DHHeader = encryption.X3DHHeader;
export type X3DHHeader = encryption.X3DHHeader;
export const HRHeader = encryption.HRHeader;
export type HRHeader = encryption.HRHeader;
export const HRKeys = encryption.HRKeys;
export type HRKeys = encryption.HRKeys;
export const HRKey = encryption.HRKey;
export type HRKey = encryption.HRKey;
export const RekeyGroup = encryption.RekeyGroup;
export type RekeyGroup = encryption.RekeyGroup;
export const EncryptedMessageProtocol = encryption.EncryptedMessageProtocol;
export type EncryptedMessageProtocol = encryption.EncryptedMessageProtocol;
export const ProtocolMessage = encryption.ProtocolMessage;
export type ProtocolMessage = encryption.ProtocolMessage;

// mvds (status-im/mvds as vendored in status-go: field numbers 5001+ / 6001+)
export const MvdsPayload = mvds.Payload;
export type MvdsPayload = mvds.Payload;
export const MvdsMessage = mvds.Message;
export type MvdsMessage = mvds.Message;
export const MvdsOffer = mvds.Offer;
export type MvdsOffer = mvds.Offer;

// ---------------------------------------------------------------------------------------------
// Encoding and decoding

/** What decodeOrError needs from a generated message class. */
export interface MessageDecoder<T> {
  decode(reader: Uint8Array): T;
  getTypeUrl(prefix?: string): string;
}

/** What encode needs from a generated message class; P is its `$Properties` shape. */
export interface MessageEncoder<P> {
  encode(message: P): { finish(): Uint8Array };
  verify(message: { [key: string]: unknown }): string | null;
  getTypeUrl(prefix?: string): string;
}

export type WireDecodeErrorCode = 'TOO_LARGE' | 'MALFORMED';

/** Returned (never thrown) by decodeOrError. */
export class WireDecodeError extends Error {
  readonly code: WireDecodeErrorCode;
  /** Fully qualified protobuf type, e.g. "protobuf.ChatMessage". */
  readonly type: string;
  /** protobufjs's explanation, for logs. */
  readonly detail: string;

  constructor(code: WireDecodeErrorCode, type: string, detail: string) {
    super(`${type}: ${code === 'TOO_LARGE' ? 'too large' : 'malformed'}: ${detail}`);
    this.name = 'WireDecodeError';
    this.code = code;
    this.type = type;
    this.detail = detail;
  }
}

/** Thrown by encode when the object does not describe a valid message (a programming error). */
export class WireEncodeError extends Error {
  readonly type: string;
  readonly detail: string;

  constructor(type: string, detail: string) {
    super(`${type}: cannot encode: ${detail}`);
    this.name = 'WireEncodeError';
    this.type = type;
    this.detail = detail;
  }
}

/** Fully qualified protobuf name of a generated class, e.g. "encryption.ProtocolMessage". */
export function typeName(type: { getTypeUrl(prefix?: string): string }): string {
  return type.getTypeUrl('').replace(/^\//, '');
}

/**
 * Decodes `bytes` as `type`, refusing inputs longer than `maxBytes`. Any failure (oversize,
 * truncation, bad wire type, invalid UTF-8 in a string, excessive nesting, ...) is returned as a
 * WireDecodeError; this function does not throw for any input. The bytes are copied first, so the
 * decoded message never aliases (or keeps alive) the caller's buffer.
 */
export function decodeOrError<T>(type: MessageDecoder<T>, bytes: Uint8Array, maxBytes: number): T | WireDecodeError {
  const name = typeName(type);
  if (!(bytes instanceof Uint8Array)) return new WireDecodeError('MALFORMED', name, 'input is not a Uint8Array');
  if (!(maxBytes >= 0)) return new WireDecodeError('TOO_LARGE', name, `invalid size limit ${String(maxBytes)}`);
  if (bytes.length > maxBytes) {
    return new WireDecodeError('TOO_LARGE', name, `${bytes.length} bytes exceed the limit of ${maxBytes}`);
  }
  try {
    return type.decode(new Uint8Array(bytes));
  } catch (error) {
    return new WireDecodeError('MALFORMED', name, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Verifies `message` with the type's generated verifier, checks that no number in it is beyond
 * the exactly representable range (64-bit values must be Long: use u64 / i64), then encodes it.
 * Throws WireEncodeError when the object is not a valid message. Returns a fresh Uint8Array.
 */
export function encode<P>(type: MessageEncoder<P>, message: NoInfer<P>): Uint8Array {
  const problem =
    type.verify(message as unknown as { [key: string]: unknown }) ?? inexactNumber(message, typeName(type), 0);
  if (problem !== null) throw new WireEncodeError(typeName(type), problem);
  return new Uint8Array(type.encode(message).finish());
}

const MAX_DEPTH = $protobuf.util.recursionLimit;

/** None of our .proto files has float/double fields, so every number must be a safe integer. */
function inexactNumber(value: unknown, path: string, depth: number): string | null {
  if (depth > MAX_DEPTH) return `${path}: nested too deeply`;
  if (typeof value === 'bigint') return `${path}: bigint is not encodable, convert it with u64()/i64()`;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? null : `${path}: ${value} is not a safe integer`;
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || LongCtor.isLong(value)) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = inexactNumber(item, `${path}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// 64-bit integers

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

function toLong(value: bigint | number | string, unsigned: boolean): Long {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
    big = BigInt(value);
  } else {
    if (!/^-?[0-9]+$/.test(value)) throw new RangeError(`${JSON.stringify(value)} is not a decimal integer`);
    big = BigInt(value);
  }
  const [min, max] = unsigned ? [0n, U64_MAX] : [I64_MIN, I64_MAX];
  if (big < min || big > max) throw new RangeError(`${big} is out of the ${unsigned ? 'uint64' : 'int64'} range`);
  const bits = BigInt.asUintN(64, big);
  return LongCtor.fromBits(Number(bits & 0xffffffffn) | 0, Number(bits >> 32n) | 0, unsigned);
}

/** A uint64 field value; throws RangeError outside [0, 2^64 − 1] (or for an unsafe number). */
export function u64(value: bigint | number | string): Long {
  return toLong(value, true);
}

/** An int64 field value; throws RangeError outside [−2^63, 2^63 − 1] (or for an unsafe number). */
export function i64(value: bigint | number | string): Long {
  return toLong(value, false);
}

/**
 * Exact value of a decoded 64-bit field (a Long keeps its signedness); a missing field is 0n.
 * Plain numbers are accepted when they are safe integers.
 */
export function toBigInt(value: Long | number | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
    return BigInt(value);
  }
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return value.unsigned ? bits : BigInt.asIntN(64, bits);
}

/** The value as a number when it is exactly representable (|v| ≤ 2^53 − 1), otherwise undefined. */
export function toSafeNumber(value: Long | number | null | undefined): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  const big = toBigInt(value);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : undefined;
}

/**
 * Reads a key of a *decoded* 64-bit-keyed map (e.g. TokenCriteria.contractAddresses, chain id →
 * contract address): protobufjs keys such maps by the value's 8 bytes as an 8-character binary
 * string. Returns undefined for anything else (maps built for encoding use mapKey64's decimal form).
 */
export function mapKey64ToBigInt(key: string, unsigned = true): bigint | undefined {
  if (key.length !== 8) return undefined;
  let bits = 0n;
  for (let index = 7; index >= 0; index -= 1) {
    const code = key.charCodeAt(index);
    if (code > 0xff) return undefined;
    bits = (bits << 8n) | BigInt(code);
  }
  return unsigned ? bits : BigInt.asIntN(64, bits);
}

/** Key to use when building a 64-bit-keyed map for encoding (decimal, which protobufjs accepts). */
export function mapKey64(value: bigint): string {
  if (value < I64_MIN || value > U64_MAX) throw new RangeError(`${value} is out of the 64-bit range`);
  // protobufjs parses decimal keys as signed 64-bit: write values ≥ 2^63 as their two's complement.
  return BigInt.asIntN(64, value).toString();
}

/** Entries of a decoded 64-bit-keyed map with exact keys (keys not in the decoded form are skipped). */
export function entries64<V>(map: { [key: string]: V } | null | undefined, unsigned = true): Array<[bigint, V]> {
  const out: Array<[bigint, V]> = [];
  for (const [key, value] of Object.entries(map ?? {})) {
    const big = mapKey64ToBigInt(key, unsigned);
    if (big !== undefined) out.push([big, value]);
  }
  return out;
}

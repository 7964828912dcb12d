// Private group membership events on the wire (status-go protocol/v1/membership_update_message.go):
// each MembershipUpdateMessage.events[i] is a 65-byte signature ‖ a marshalled
// MembershipUpdateEvent, the signature over keccak256(utf8(chat_id) ‖ event bytes) (status-go's
// Sign hashes before crypto.Sign; its ExtractSignature hashes the same material before recovery).
// The author is the recovered key, never a field of the event. Also the group chat id:
// uuidv4 + "-" + the creator's 0x04 key (status-go's groupChatID; spec 55's order is not used).
import crypto from 'node:crypto';
import { MAX_GROUP_IMAGE_BYTES } from '../../../shared/api.ts';
import { keccak256 } from '../../crypto/hash.ts';
import { publicKey, recover, sign } from '../../crypto/secp256k1.ts';
import {
  decodeOrError,
  encode,
  MembershipUpdateEvent,
  MembershipUpdateEventType,
  toBigInt,
  u64,
  WireDecodeError,
} from '../../wire/proto.ts';

export const EventType = MembershipUpdateEventType;
const SIGNATURE_BYTES = 65;
/** An event is a few keys and a name; anything this big is hostile, but for a picture. */
const MAX_PLAIN_EVENT_BYTES = 16 * 1024;
/**
 * IMAGE_CHANGED carries the group's picture (status-go caps it at 400,000 bytes); with the
 * signature, the group_events table's CHECK (migration 10) allows exactly this much.
 */
const MAX_EVENT_BYTES = MAX_GROUP_IMAGE_BYTES + MAX_PLAIN_EVENT_BYTES;

/** A verified event: what it says, who signed it, and its exact wire bytes (kept as received). */
export interface GroupEvent {
  chatId: string;
  /** 0x04 key recovered from the signature. */
  from: string;
  clock: bigint;
  type: number;
  members: string[];
  name: string;
  color: string;
  /** IMAGE_CHANGED's picture (empty otherwise). */
  image: Uint8Array;
  /** 0x-hex of the signature: status-go's identity of an event (MembershipUpdateEvent.Equal). */
  id: string;
  /** signature ‖ event bytes, as it goes in MembershipUpdateMessage.events. */
  wire: Uint8Array;
}

export interface EventContent {
  clock: bigint;
  type: number;
  members?: string[];
  name?: string;
  color?: string;
  image?: Uint8Array;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A new group chat id for this creator (0x04 key). */
export function makeGroupId(creatorKey: string): string {
  return `${crypto.randomUUID()}-${creatorKey.toLowerCase()}`;
}

const GROUP_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(0x04[0-9a-f]{128})$/;

/** The creator's 0x04 key of a group chat id, or null when it is not one. */
export function groupCreatorOf(chatId: string): string | null {
  return GROUP_ID.exec(chatId)?.[2] ?? null;
}

export const isGroupId = (chatId: string): boolean => groupCreatorOf(chatId) !== null;

/** Signs an event of this group with our chat key; the result goes as is into `events`. */
export function signEvent(chatId: string, content: EventContent, privateKey: Uint8Array): GroupEvent {
  const body = encode(MembershipUpdateEvent, {
    clock: u64(content.clock),
    type: content.type,
    members: content.members ?? [],
    name: content.name ?? '',
    color: content.color ?? '',
    image: content.image ?? new Uint8Array(),
  });
  const signature = sign(keccak256(Buffer.from(chatId, 'utf8'), body), privateKey);
  const wire = new Uint8Array(signature.length + body.length);
  wire.set(signature);
  wire.set(body, signature.length);
  const parsed = parseEvent(chatId, wire);
  if (typeof parsed === 'string') throw new Error(`our own event does not verify: ${parsed}`);
  if (parsed.from !== `0x${hex(publicKey(privateKey))}`) throw new Error('our own event recovers another key');
  return parsed;
}

export type EventProblem = 'malformed' | 'bad-signature';

/** Verifies and decodes one `events[i]`; hostile bytes give a problem, never a throw. */
export function parseEvent(chatId: string, wire: Uint8Array): GroupEvent | EventProblem {
  if (!(wire instanceof Uint8Array) || wire.length <= SIGNATURE_BYTES || wire.length > MAX_EVENT_BYTES)
    return 'malformed';
  const signature = wire.subarray(0, SIGNATURE_BYTES);
  const body = wire.subarray(SIGNATURE_BYTES);
  let signer: Uint8Array;
  try {
    signer = recover(keccak256(Buffer.from(chatId, 'utf8'), body), signature);
  } catch {
    return 'bad-signature';
  }
  const event = decodeOrError(MembershipUpdateEvent, body, MAX_EVENT_BYTES);
  if (event instanceof WireDecodeError) return 'malformed';
  if (event.type !== EventType.IMAGE_CHANGED && body.length > MAX_PLAIN_EVENT_BYTES) return 'malformed';
  return {
    chatId,
    from: `0x${hex(signer)}`,
    clock: toBigInt(event.clock),
    type: event.type,
    members: (event.members ?? []).map((m) => m.toLowerCase()),
    name: event.name ?? '',
    color: event.color ?? '',
    image: event.image && event.image.length > 0 ? Uint8Array.from(event.image) : new Uint8Array(),
    id: `0x${hex(signature)}`,
    wire: Uint8Array.from(wire),
  };
}

/**
 * parseEvent with memory: the group's whole log is read again for every update and message
 * (its state is never stored), and a picture event takes ~30 ms to verify (keccak over up to
 * 400 kB in JS). A hit needs the very same bytes, not just the same signature.
 */
export class ParsedEvents {
  readonly #max: number;
  readonly #cache = new Map<string, { wire: Uint8Array; parsed: GroupEvent | EventProblem }>();

  constructor(max = 4096) {
    this.#max = max;
  }

  parse(chatId: string, wire: Uint8Array): GroupEvent | EventProblem {
    if (!(wire instanceof Uint8Array) || wire.length <= SIGNATURE_BYTES) return parseEvent(chatId, wire);
    const key = `${chatId}|${hex(wire.subarray(0, SIGNATURE_BYTES))}`;
    const hit = this.#cache.get(key);
    if (hit && Buffer.from(hit.wire.buffer, hit.wire.byteOffset, hit.wire.length).equals(wire)) return hit.parsed;
    const parsed = parseEvent(chatId, wire);
    this.#cache.delete(key);
    this.#cache.set(key, { wire: Uint8Array.from(wire), parsed });
    if (this.#cache.size > this.#max) this.#cache.delete(this.#cache.keys().next().value as string);
    return parsed;
  }
}

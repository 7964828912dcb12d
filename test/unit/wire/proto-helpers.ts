// Shared by the wire protobuf tests: every generated message type, and a comparison form of
// messages that is independent of protobufjs's own conversions.
import { encryption, type Long, mvds, protobuf, toBigInt } from '../../../main/wire/proto.ts';

/** The static side of any generated message class, loosely typed for table-driven tests. */
export interface AnyMessageType {
  decode(reader: Uint8Array): object;
  encode(message: object): { finish(): Uint8Array };
  verify(message: { [key: string]: unknown }): string | null;
  getTypeUrl(prefix?: string): string;
  create(properties?: object): object;
  toObject(message: object, options?: object): { [key: string]: unknown };
}

function isMessageType(value: unknown): value is AnyMessageType {
  return typeof value === 'function' && typeof (value as { decode?: unknown }).decode === 'function';
}

/** [fully qualified name, class] for every message type in the generated module. */
export const ALL_MESSAGE_TYPES: ReadonlyArray<readonly [string, AnyMessageType]> = Object.entries({
  protobuf,
  encryption,
  mvds,
}).flatMap(([namespace, members]) =>
  Object.entries(members as { [name: string]: unknown }).flatMap(([name, value]) =>
    isMessageType(value) ? [[`${namespace}.${name}`, value] as const] : [],
  ),
);

export const hex = (data: Uint8Array) => Buffer.from(data).toString('hex');

function isLong(value: object): value is Long {
  return (value as { __isLong__?: unknown }).__isLong__ === true;
}

/**
 * Canonical key of a map entry. 64-bit map keys are 8-character binary strings after decoding
 * and decimal strings (possibly negative, two's complement) when built for encoding; both become
 * the unsigned decimal. The same rewrite applies to both sides of a comparison, so it is harmless
 * for string-keyed maps.
 */
function canonicalKey(key: string): string {
  if (/^-?(?:0|[1-9][0-9]*)$/.test(key)) return BigInt.asUintN(64, BigInt(key)).toString();
  if (key.length === 8 && [...key].every((char) => char.charCodeAt(0) <= 0xff)) {
    let bits = 0n;
    for (let index = 7; index >= 0; index -= 1) bits = (bits << 8n) | BigInt(key.charCodeAt(index));
    return bits.toString();
  }
  return key;
}

/**
 * Comparison form of a message: Long → bigint, bytes → hex, proto3 default values (0, "", false,
 * empty bytes/lists/maps) dropped, since they are not on the wire.
 */
export function normalize(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    return value === 0 || value === false || value === '' ? undefined : value;
  }
  if (value instanceof Uint8Array) return value.length === 0 ? undefined : `hex:${hex(value)}`;
  if (Array.isArray(value)) {
    const items = value.map((item) => normalize(item) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    if (isLong(value)) {
      const big = toBigInt(value);
      return big === 0n ? undefined : big;
    }
    const out: { [key: string]: unknown } = {};
    for (const [key, item] of Object.entries(value)) {
      const normalized = normalize(item);
      if (normalized !== undefined) out[canonicalKey(key)] = normalized;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  throw new TypeError(`unexpected ${typeof value} in a message`);
}

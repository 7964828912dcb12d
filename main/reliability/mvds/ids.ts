// Identifiers of MVDS as status-go runs it (status-im/mvds): the message id, and the group
// id of a 1:1 conversation.
import { keccak256, sha256 } from '../../crypto/hash.ts';
import { compress, decompress } from '../../crypto/secp256k1.ts';

const MESSAGE_ID_PREFIX = new TextEncoder().encode('MESSAGE_ID');

/** sha256("MESSAGE_ID" ‖ group id ‖ timestamp (int64 little-endian, seconds) ‖ body). */
export function mvdsMessageId(groupId: Uint8Array, timestampSeconds: bigint, body: Uint8Array): Uint8Array {
  const timestamp = new Uint8Array(8);
  new DataView(timestamp.buffer).setBigInt64(0, timestampSeconds, true);
  return sha256(MESSAGE_ID_PREFIX, groupId, timestamp, body);
}

/** keccak256 of both compressed keys, the one with the lower X coordinate first. */
export function oneToOneGroupId(keyA: Uint8Array, keyB: Uint8Array): Uint8Array {
  const a = compress(keyA.length === 33 ? decompress(keyA) : keyA);
  const b = compress(keyB.length === 33 ? decompress(keyB) : keyB);
  // X is bytes 1..33 of a compressed key; big-endian, so byte order is numeric order.
  const aFirst = Buffer.compare(Buffer.from(a.subarray(1)), Buffer.from(b.subarray(1))) <= 0;
  return keccak256(aFirst ? a : b, aFirst ? b : a);
}

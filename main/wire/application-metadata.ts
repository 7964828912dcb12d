// The ApplicationMetadataMessage: every Status app payload travels inside one, signed by the
// sender's chat key. The signature covers only the payload bytes; the message id that replies,
// reactions and acks refer to is keccak256(uncompressed sender key ‖ the AMM bytes as received).
import { keccak256 } from '../crypto/hash.ts';
import { recover, sign } from '../crypto/secp256k1.ts';
import { type AmmType, ApplicationMetadataMessage, decodeOrError, encode, WireDecodeError } from './proto.ts';

/** An AMM wraps one app message; the largest (images) stay far below this after segmentation. */
export const MAX_AMM_BYTES = 16 * 1024 * 1024;

export interface ReceivedApplicationMessage {
  type: AmmType;
  payload: Uint8Array;
  /** 65-byte uncompressed chat key of the signer; undefined when unsigned or unrecoverable. */
  signer: Uint8Array | undefined;
  /** "0x" + hex(keccak256(signer ‖ AMM bytes)); undefined without a signer. */
  id: string | undefined;
}

export function wrapApplicationMessage(type: AmmType, payload: Uint8Array, chatPrivateKey: Uint8Array): Uint8Array {
  return encode(ApplicationMetadataMessage, { type, payload, signature: sign(keccak256(payload), chatPrivateKey) });
}

export function applicationMessageId(signer: Uint8Array, ammBytes: Uint8Array): string {
  return `0x${Buffer.from(keccak256(signer, ammBytes)).toString('hex')}`;
}

/** Decodes, recovers the signer and computes the id; hostile bytes give a WireDecodeError. */
export function unwrapApplicationMessage(bytes: Uint8Array): ReceivedApplicationMessage | WireDecodeError {
  const amm = decodeOrError(ApplicationMetadataMessage, bytes, MAX_AMM_BYTES);
  if (amm instanceof WireDecodeError) return amm;
  const payload = Uint8Array.from(amm.payload ?? []);
  let signer: Uint8Array | undefined;
  if (amm.signature && amm.signature.length === 65) {
    try {
      signer = recover(keccak256(payload), amm.signature);
    } catch {
      signer = undefined;
    }
  }
  return { type: amm.type, payload, signer, id: signer ? applicationMessageId(signer, bytes) : undefined };
}

/** status-go's clock rule: the wall clock, but always past the last clock seen in the chat. */
export function nextClock(lastClock: bigint, nowMs: number): bigint {
  const now = BigInt(Math.floor(nowMs));
  return now > lastClock ? now : lastClock + 1n;
}

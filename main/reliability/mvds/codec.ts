// MVDS payloads on the wire (status-im/mvds field numbers, via main/wire/proto.ts).
import {
  decodeOrError,
  encode,
  i64,
  MvdsPayload as PayloadProto,
  toBigInt,
  WireDecodeError,
} from '../../wire/proto.ts';
import type { MvdsPayload } from './node.ts';

/** An MVDS payload rides inside one ratchet message; anything bigger than that is abuse. */
export const MAX_MVDS_PAYLOAD_BYTES = 1 << 20;

export function encodeMvdsPayload(payload: MvdsPayload): Uint8Array {
  return encode(PayloadProto, {
    acks: payload.acks,
    messages: payload.messages.map((m) => ({ groupId: m.groupId, timestamp: i64(m.timestamp), body: m.body })),
  });
}

/** The payload, or a WireDecodeError. An empty payload decodes fine (status-go treats non-MVDS bytes as plain). */
export function decodeMvdsPayload(bytes: Uint8Array): MvdsPayload | WireDecodeError {
  const decoded = decodeOrError(PayloadProto, bytes, MAX_MVDS_PAYLOAD_BYTES);
  if (decoded instanceof WireDecodeError) return decoded;
  return {
    acks: decoded.acks.map((ack) => Uint8Array.from(ack)),
    messages: decoded.messages.map((m) => ({
      groupId: Uint8Array.from(m.groupId ?? []),
      timestamp: toBigInt(m.timestamp),
      body: Uint8Array.from(m.body ?? []),
    })),
  };
}

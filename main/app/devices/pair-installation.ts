// status-go's PairInstallation (protobuf/pairing.proto): {clock = 1 (uint64), installation_id = 2,
// device_type = 3, name = 4}, sent as AMM type SYNC_PAIR_INSTALLATION to our own key. Our proto/
// set has no pairing.proto, so this small message is coded here with protobufjs's reader and
// writer; unknown fields are skipped, as protobuf requires.
import $protobuf from 'protobufjs/minimal.js';
import { toBigInt } from '../../wire/proto.ts';

export interface PairInstallation {
  /** Unix ms (status-go's clock). */
  clock: bigint;
  installationId: string;
  deviceType: string;
  name: string;
}

/** A PairInstallation is a few dozen bytes; anything far larger is not one. */
export const MAX_PAIR_INSTALLATION_BYTES = 4096;
const MAX_FIELD_CHARS = 200;

export function encodePairInstallation(message: PairInstallation): Uint8Array {
  const writer = $protobuf.Writer.create();
  if (message.clock !== 0n) writer.uint32(8).uint64(message.clock.toString() as unknown as number);
  if (message.installationId) writer.uint32(18).string(message.installationId);
  if (message.deviceType) writer.uint32(26).string(message.deviceType);
  if (message.name) writer.uint32(34).string(message.name);
  return new Uint8Array(writer.finish());
}

/** The decoded message, or null when the bytes are not a sensible PairInstallation. */
export function decodePairInstallation(bytes: Uint8Array): PairInstallation | null {
  if (bytes.length > MAX_PAIR_INSTALLATION_BYTES) return null;
  const result: PairInstallation = { clock: 0n, installationId: '', deviceType: '', name: '' };
  try {
    const reader = $protobuf.Reader.create(bytes);
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      switch (tag) {
        case 8:
          result.clock = toBigInt(reader.uint64() as unknown as Parameters<typeof toBigInt>[0]);
          break;
        case 18:
          result.installationId = reader.string();
          break;
        case 26:
          result.deviceType = reader.string();
          break;
        case 34:
          result.name = reader.string();
          break;
        default:
          reader.skipType(tag & 7);
      }
    }
  } catch {
    return null;
  }
  if (!result.installationId || result.installationId.length > 100) return null;
  if (result.name.length > MAX_FIELD_CHARS || result.deviceType.length > 50) return null;
  return result;
}

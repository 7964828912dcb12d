// status-go's SyncPairInstallation (protobuf/pairing.proto, our proto/pairing.proto): {clock = 1
// (uint64), installation_id = 2, device_type = 3, name = 4, version = 5, target_installation_id = 6},
// sent as AMM type SYNC_PAIR_INSTALLATION to our own key. version and target_installation_id
// belong to status-go's local (LAN) pairing: never set here, ignored when received.
import { decodeOrError, encode, SyncPairInstallation, toBigInt, u64, WireDecodeError } from '../../wire/proto.ts';

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
  return encode(SyncPairInstallation, {
    clock: u64(message.clock),
    installationId: message.installationId,
    deviceType: message.deviceType,
    name: message.name,
  });
}

/** The decoded message, or null when the bytes are not a sensible PairInstallation. */
export function decodePairInstallation(bytes: Uint8Array): PairInstallation | null {
  const decoded = decodeOrError(SyncPairInstallation, bytes, MAX_PAIR_INSTALLATION_BYTES);
  if (decoded instanceof WireDecodeError) return null;
  const result: PairInstallation = {
    clock: toBigInt(decoded.clock),
    installationId: decoded.installationId,
    deviceType: decoded.deviceType,
    name: decoded.name,
  };
  if (!result.installationId || result.installationId.length > 100) return null;
  if (result.name.length > MAX_FIELD_CHARS || result.deviceType.length > 50) return null;
  return result;
}

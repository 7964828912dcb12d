// What a StatusUpdate means (status-reference §4.5; status-go messenger_status_updates.go and
// the desktop's online rule): AUTOMATIC shows online for 5 minutes after its clock, ALWAYS_ONLINE
// for two weeks; INACTIVE and DO_NOT_DISTURB show offline (status-go treats DND as "not
// reachable": it is excluded from the online statuses). Clocks are unix seconds.
import {
  InvalidReason,
  MAX_CLOCK_DRIFT_MS,
  transportTimeMs,
  validateStatusUpdate,
} from '../../wire/message-validation.ts';
import { StatusType, type StatusUpdate, toBigInt } from '../../wire/proto.ts';

export const AUTOMATIC_ONLINE_MS = 5 * 60 * 1000;
export const ALWAYS_ONLINE_MS = 14 * 24 * 60 * 60 * 1000;

const KNOWN_TYPES: ReadonlySet<number> = new Set([
  StatusType.AUTOMATIC,
  StatusType.DO_NOT_DISTURB,
  StatusType.ALWAYS_ONLINE,
  StatusType.INACTIVE,
]);

/** These show the peer's device is running: its pending MVDS records are re-sent at once. */
export const RESETS_RETRANSMISSION: ReadonlySet<number> = new Set([
  StatusType.AUTOMATIC,
  StatusType.ALWAYS_ONLINE,
  StatusType.INACTIVE,
]);

/** status-go's checks, plus: a known type, and a clock not beyond the transport time's allowance. */
export function checkStatusUpdate(update: StatusUpdate, wakuTimestampNs: bigint): InvalidReason | null {
  const invalid = validateStatusUpdate(update);
  if (invalid) return invalid;
  if (!KNOWN_TYPES.has(update.statusType)) return InvalidReason.UnknownStatusType;
  if (toBigInt(update.clock) * 1000n > transportTimeMs(wakuTimestampNs) + MAX_CLOCK_DRIFT_MS) {
    return InvalidReason.FutureClock;
  }
  return null;
}

/** Unix ms until which the peer counts as online; undefined: offline. */
export function onlineUntil(statusType: number, clockSeconds: number): number | undefined {
  if (statusType === StatusType.AUTOMATIC) return clockSeconds * 1000 + AUTOMATIC_ONLINE_MS;
  if (statusType === StatusType.ALWAYS_ONLINE) return clockSeconds * 1000 + ALWAYS_ONLINE_MS;
  return undefined;
}

export function isOnline(statusType: number, clockSeconds: number, nowMs: number): boolean {
  const until = onlineUntil(statusType, clockSeconds);
  return until !== undefined && nowMs < until;
}

// When MVDS sends a message again. Time runs in epochs of 300 ms; the n-th send waits
// 2^(n-1) × 30 × 3 epochs plus up to 30 epochs of jitter (status-go: the "× 3" is Go's
// integer 1s/300ms, so each unit is 27 s: retries after ~27 s, 54 s, 108 s, ...).
export const EPOCH_MS = 300;
/** After this many sends a record is given up (about ten days). */
export const MAX_SEND_COUNT = 15;
const BASE_EPOCHS = 30 * 3;
const JITTER_EPOCHS = 30;
/** A peer seen online gets its pending records again within 0–18 s. */
const ONLINE_JITTER_EPOCHS = 60;

export function epochAt(ms: number): number {
  return Math.floor(ms / EPOCH_MS);
}

export function nextEpoch(sendCount: number, now: number, random: () => number = Math.random): number {
  return now + 2 ** (sendCount - 1) * BASE_EPOCHS + Math.floor(random() * JITTER_EPOCHS);
}

export function onlineEpoch(now: number, random: () => number = Math.random): number {
  return now + Math.floor(random() * ONLINE_JITTER_EPOCHS);
}

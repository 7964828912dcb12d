// Codecs never throw: they return either the value or the reason it was refused, so a
// service can count the reason and answer with the matching status code.

export type Decoded<T, Reason extends string> = { ok: true; value: T } | { ok: false; reason: Reason; detail?: string };

export function accepted<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function refused<Reason extends string>(
  reason: Reason,
  detail?: string,
): { ok: false; reason: Reason; detail?: string } {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

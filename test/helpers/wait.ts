// Waiting on events with a deadline: tests never sleep to synchronise.

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with the first value `subscribe` hands to its callback that satisfies `predicate`. */
export function nextMatching<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  predicate: (value: T) => boolean,
  ms: number,
  what: string,
): Promise<T> {
  let unsubscribe: () => void = () => {};
  const promise = new Promise<T>((resolve) => {
    unsubscribe = subscribe((value) => {
      if (predicate(value)) resolve(value);
    });
  });
  return withTimeout(promise, ms, what).finally(() => unsubscribe());
}

/**
 * Re-checks `probe` until it returns a value (not undefined), for state that only other
 * processes can change and that announces itself by no event we can hear. Each failed probe
 * yields to the event loop for `intervalMs`.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  ms: number,
  what: string,
  intervalMs = 50,
): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

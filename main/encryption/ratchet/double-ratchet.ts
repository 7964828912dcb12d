// The double ratchet as status-go runs it (status-im/doubleratchet on secp256k1). Every
// operation returns a new state and leaves the old one untouched, so the caller can store the
// new state in the same database transaction as the message it decrypted: a crash then never
// loses a message key nor uses one twice.

import { CodedError } from '../../../shared/coded-error.ts';
import { compress, ecdh, publicKey, randomPrivateKey } from '../../crypto/secp256k1.ts';
import { kdfChain, kdfRoot, openMessage, sealMessage } from './kdf.ts';

/** status-go's limits: keys skipped in one chain, and skipped keys kept per session. */
export const MAX_SKIP = 1000;
export const MAX_SKIPPED_KEYS = 2000;

export interface RatchetHeader {
  /** The sender's current ratchet public key, compressed (33 bytes). */
  key: Uint8Array;
  /** Message number in the sending chain. */
  n: number;
  /** Length of the sender's previous sending chain. */
  pn: number;
}

interface Chain {
  key: Uint8Array;
  n: number;
}

interface SkippedKey {
  ratchetKey: string;
  n: number;
  messageKey: Uint8Array;
}

export interface RatchetState {
  readonly rootKey: Uint8Array;
  readonly selfPrivateKey: Uint8Array;
  readonly selfPublicKey: Uint8Array;
  readonly remotePublicKey: Uint8Array | undefined;
  readonly sending: Chain | undefined;
  readonly receiving: Chain | undefined;
  readonly previousCount: number;
  readonly skipped: readonly SkippedKey[];
}

export const RatchetErrorCode = {
  /** A responder cannot send before the first message from the initiator arrived. */
  NoSendingChain: 'NO_SENDING_CHAIN',
  BadHeader: 'BAD_HEADER',
  BadTag: 'BAD_TAG',
  /** More than MAX_SKIP messages missing in one chain: refused to bound the work. */
  TooManySkipped: 'TOO_MANY_SKIPPED',
  /** Its key was already used (a replay) or dropped. */
  OldMessage: 'OLD_MESSAGE',
} as const;
export type RatchetErrorCode = (typeof RatchetErrorCode)[keyof typeof RatchetErrorCode];

export class RatchetError extends CodedError<RatchetErrorCode> {}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Associated data of a message: N (u32 LE) ‖ PN (u32 LE) ‖ ratchet public key. */
export function encodeHeader(header: RatchetHeader): Uint8Array {
  const out = new Uint8Array(8 + header.key.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, header.n, true);
  view.setUint32(4, header.pn, true);
  out.set(header.key, 8);
  return out;
}

/** The initiator's session, after X3DH with the responder's signed prekey. */
export function initiateRatchet(
  sharedKey: Uint8Array,
  theirSignedPreKey: Uint8Array,
  ownRatchetKey: Uint8Array = randomPrivateKey(),
): RatchetState {
  const { rootKey, chainKey } = kdfRoot(sharedKey, ecdh(ownRatchetKey, theirSignedPreKey));
  return {
    rootKey,
    selfPrivateKey: ownRatchetKey,
    selfPublicKey: publicKey(ownRatchetKey, true),
    remotePublicKey: theirSignedPreKey.length === 33 ? theirSignedPreKey : compress(theirSignedPreKey),
    sending: { key: chainKey, n: 0 },
    receiving: undefined,
    previousCount: 0,
    skipped: [],
  };
}

/** The responder's session: our signed prekey is the first ratchet key. */
export function respondRatchet(sharedKey: Uint8Array, ownSignedPreKey: Uint8Array): RatchetState {
  return {
    rootKey: sharedKey,
    selfPrivateKey: ownSignedPreKey,
    selfPublicKey: publicKey(ownSignedPreKey, true),
    remotePublicKey: undefined,
    sending: undefined,
    receiving: undefined,
    previousCount: 0,
    skipped: [],
  };
}

export function ratchetEncrypt(
  state: RatchetState,
  plaintext: Uint8Array,
): { state: RatchetState; header: RatchetHeader; ciphertext: Uint8Array } {
  if (!state.sending)
    throw new RatchetError(RatchetErrorCode.NoSendingChain, 'no message received yet on this session');
  const header: RatchetHeader = { key: state.selfPublicKey, n: state.sending.n, pn: state.previousCount };
  const { chainKey, messageKey } = kdfChain(state.sending.key);
  const ciphertext = sealMessage(messageKey, plaintext, encodeHeader(header));
  return { state: { ...state, sending: { key: chainKey, n: state.sending.n + 1 } }, header, ciphertext };
}

export function ratchetDecrypt(
  state: RatchetState,
  header: RatchetHeader,
  ciphertext: Uint8Array,
): { state: RatchetState; plaintext: Uint8Array } {
  if (
    header.key.length !== 33 ||
    !Number.isInteger(header.n) ||
    !Number.isInteger(header.pn) ||
    header.n < 0 ||
    header.pn < 0
  ) {
    throw new RatchetError(RatchetErrorCode.BadHeader, 'malformed ratchet header');
  }
  const ad = encodeHeader(header);
  const ratchetKey = hex(header.key);

  const skippedIndex = state.skipped.findIndex((s) => s.ratchetKey === ratchetKey && s.n === header.n);
  if (skippedIndex >= 0) {
    const plaintext = openMessage((state.skipped[skippedIndex] as SkippedKey).messageKey, ciphertext, ad);
    if (!plaintext) throw new RatchetError(RatchetErrorCode.BadTag, 'message authentication failed');
    return { state: { ...state, skipped: state.skipped.filter((_, i) => i !== skippedIndex) }, plaintext };
  }

  let next = state;
  const newlySkipped: SkippedKey[] = [];
  if (!state.remotePublicKey || hex(state.remotePublicKey) !== ratchetKey) {
    next = skipKeys(next, header.pn, newlySkipped);
    next = dhRatchet(next, header.key);
  }
  next = skipKeys(next, header.n, newlySkipped);
  const receiving = next.receiving as Chain;
  if (header.n < receiving.n)
    throw new RatchetError(RatchetErrorCode.OldMessage, 'message key already used or dropped');
  const { chainKey, messageKey } = kdfChain(receiving.key);
  const plaintext = openMessage(messageKey, ciphertext, ad);
  if (!plaintext) throw new RatchetError(RatchetErrorCode.BadTag, 'message authentication failed');
  const skipped = [...next.skipped, ...newlySkipped];
  return {
    state: {
      ...next,
      receiving: { key: chainKey, n: receiving.n + 1 },
      skipped: skipped.length > MAX_SKIPPED_KEYS ? skipped.slice(skipped.length - MAX_SKIPPED_KEYS) : skipped,
    },
    plaintext,
  };
}

/** Derives and remembers the keys of receiving-chain messages up to (not including) `until`. */
function skipKeys(state: RatchetState, until: number, into: SkippedKey[]): RatchetState {
  const receiving = state.receiving;
  if (!receiving || !state.remotePublicKey) return state;
  if (until <= receiving.n) return state;
  if (until - receiving.n > MAX_SKIP) {
    throw new RatchetError(
      RatchetErrorCode.TooManySkipped,
      `${until - receiving.n} messages skipped (max ${MAX_SKIP})`,
    );
  }
  const ratchetKey = hex(state.remotePublicKey);
  let key = receiving.key;
  for (let n = receiving.n; n < until; n += 1) {
    const step = kdfChain(key);
    into.push({ ratchetKey, n, messageKey: step.messageKey });
    key = step.chainKey;
  }
  return { ...state, receiving: { key, n: until } };
}

function dhRatchet(state: RatchetState, theirRatchetKey: Uint8Array): RatchetState {
  let receivingStep: { rootKey: Uint8Array; chainKey: Uint8Array };
  try {
    receivingStep = kdfRoot(state.rootKey, ecdh(state.selfPrivateKey, theirRatchetKey));
  } catch {
    throw new RatchetError(RatchetErrorCode.BadHeader, 'the ratchet key is not a valid public key');
  }
  const selfPrivateKey = randomPrivateKey();
  const sendingStep = kdfRoot(receivingStep.rootKey, ecdh(selfPrivateKey, theirRatchetKey));
  return {
    ...state,
    previousCount: state.sending?.n ?? 0,
    remotePublicKey: theirRatchetKey,
    receiving: { key: receivingStep.chainKey, n: 0 },
    selfPrivateKey,
    selfPublicKey: publicKey(selfPrivateKey, true),
    sending: { key: sendingStep.chainKey, n: 0 },
    rootKey: sendingStep.rootKey,
  };
}

/** JSON for the session table: every key as hex. */
export function serializeRatchet(state: RatchetState): string {
  const chain = (c: Chain | undefined) => (c ? { key: hex(c.key), n: c.n } : null);
  return JSON.stringify({
    v: 1,
    rootKey: hex(state.rootKey),
    selfPrivateKey: hex(state.selfPrivateKey),
    remotePublicKey: state.remotePublicKey ? hex(state.remotePublicKey) : null,
    sending: chain(state.sending),
    receiving: chain(state.receiving),
    previousCount: state.previousCount,
    skipped: state.skipped.map((s) => [s.ratchetKey, s.n, hex(s.messageKey)]),
  });
}

export function deserializeRatchet(text: string): RatchetState {
  const raw = JSON.parse(text) as {
    v: number;
    rootKey: string;
    selfPrivateKey: string;
    remotePublicKey: string | null;
    sending: { key: string; n: number } | null;
    receiving: { key: string; n: number } | null;
    previousCount: number;
    skipped: Array<[string, number, string]>;
  };
  if (raw.v !== 1) throw new Error(`unknown ratchet state version ${raw.v}`);
  const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
  const chain = (c: { key: string; n: number } | null) => (c ? { key: bytes(c.key), n: c.n } : undefined);
  const selfPrivateKey = bytes(raw.selfPrivateKey);
  return {
    rootKey: bytes(raw.rootKey),
    selfPrivateKey,
    selfPublicKey: publicKey(selfPrivateKey, true),
    remotePublicKey: raw.remotePublicKey ? bytes(raw.remotePublicKey) : undefined,
    sending: chain(raw.sending),
    receiving: chain(raw.receiving),
    previousCount: raw.previousCount,
    skipped: raw.skipped.map(([ratchetKey, n, key]) => ({ ratchetKey, n, messageKey: bytes(key) })),
  };
}

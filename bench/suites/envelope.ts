// v1 payload envelope per message (status-reference.md §4.2): sign + seal on send, open + recover on
// receive, for both sealing kinds, native libsecp256k1 (ours) against @noble/curves (the pure-JS
// fallback). AES, HMAC and hashing are the same code in both; only the curve differs.
// Goal: ≤ 0.5 ms per message each way with native (anchors.md §A5 puts noble at several ms).
import { randomBytes } from 'node:crypto';
import { isNativeAvailable, type Secp256k1, secp256k1With } from '../../main/crypto/secp256k1.ts';
import {
  decryptAsymmetric,
  decryptSymmetric,
  encryptAsymmetric,
  encryptSymmetric,
} from '../../main/encryption/envelope.ts';
import { type Comparison, compare } from '../measure.ts';

const PAYLOAD_BYTES = 1024;
/** noble's ECIES costs a few ms; 500 samples × 3 rounds keeps the suite near a minute. */
const MAX_OPS = 500;

type Fixture = {
  curve: Secp256k1;
  signer: Uint8Array;
  recipient: Uint8Array;
  recipientPublic: Uint8Array;
  symmetricEnvelope: Uint8Array;
  asymmetricEnvelope: Uint8Array;
};

function fixture(curve: Secp256k1, data: Uint8Array, key: Uint8Array): Fixture {
  const signer = curve.randomPrivateKey();
  const recipient = curve.randomPrivateKey();
  const recipientPublic = curve.publicKey(recipient);
  return {
    curve,
    signer,
    recipient,
    recipientPublic,
    symmetricEnvelope: encryptSymmetric(data, key, signer, { curve }),
    asymmetricEnvelope: encryptAsymmetric(data, recipientPublic, signer, { curve }),
  };
}

export async function envelopeBenchmarks(ops: number): Promise<Comparison[]> {
  const n = Math.max(1, Math.min(ops, MAX_OPS));
  const data = new Uint8Array(randomBytes(PAYLOAD_BYTES));
  const key = new Uint8Array(randomBytes(32));
  const ours = fixture(secp256k1With(isNativeAvailable() ? 'native' : 'noble'), data, key);
  const base = fixture(secp256k1With('noble'), data, key);
  const oursName = `${ours.curve.backend} secp256k1`;
  const baseName = 'noble secp256k1';
  const note = `${PAYLOAD_BYTES} B payload, per message; goal ≤ 0.5 ms with native`;

  return [
    await compare(
      'envelope sym: sign + AES-256-GCM seal',
      note,
      { name: oursName, op: () => encryptSymmetric(data, key, ours.signer, { curve: ours.curve }) },
      { name: baseName, op: () => encryptSymmetric(data, key, base.signer, { curve: base.curve }) },
      n,
    ),
    await compare(
      'envelope sym: AES-256-GCM open + recover signer',
      note,
      { name: oursName, op: () => decryptSymmetric(ours.symmetricEnvelope, key, { curve: ours.curve }) },
      { name: baseName, op: () => decryptSymmetric(base.symmetricEnvelope, key, { curve: base.curve }) },
      n,
    ),
    await compare(
      'envelope ECIES: sign + encrypt',
      note,
      { name: oursName, op: () => encryptAsymmetric(data, ours.recipientPublic, ours.signer, { curve: ours.curve }) },
      { name: baseName, op: () => encryptAsymmetric(data, base.recipientPublic, base.signer, { curve: base.curve }) },
      n,
    ),
    await compare(
      'envelope ECIES: decrypt + recover signer',
      note,
      { name: oursName, op: () => decryptAsymmetric(ours.asymmetricEnvelope, ours.recipient, { curve: ours.curve }) },
      { name: baseName, op: () => decryptAsymmetric(base.asymmetricEnvelope, base.recipient, { curve: base.curve }) },
      n,
    ),
  ];
}

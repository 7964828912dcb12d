// The node's libp2p identity key, kept in the data directory so the peer id (and with it
// every multiaddr peers and light clients remember) survives restarts. secp256k1 because
// Waku's ENR records (discv5, peer exchange) can only carry secp256k1 keys, and nwaku /
// status-go peer ids (16Uiu2…) are secp256k1 too.
//
// The file holds the libp2p protobuf encoding of the private key as hex, written atomically
// with mode 0600. A malformed file is an error, never silently replaced: a new key would
// quietly change who we are to every peer.
import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { writeSecretFile } from '../storage/data-dir.ts';

export const PEER_KEY_FILE = 'libp2p-key';

export class PeerKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PeerKeyError';
  }
}

export interface LoadedPeerKey {
  privateKey: PrivateKey;
  created: boolean;
  file: string;
}

export async function loadOrCreatePeerKey(dataDir: string): Promise<LoadedPeerKey> {
  const file = path.join(dataDir, PEER_KEY_FILE);
  let text: string | null = null;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== null) {
    // Tighten a file someone copied in with looser permissions.
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return { privateKey: decodePeerKey(text, file), created: false, file };
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const privateKey = await generateKeyPair('secp256k1');
  writeSecretFile(file, Buffer.from(privateKeyToProtobuf(privateKey)).toString('hex'));
  return { privateKey, created: true, file };
}

function decodePeerKey(text: string, file: string): PrivateKey {
  if (!/^(?:[0-9a-f]{2})+$/.test(text)) throw new PeerKeyError(`${path.basename(file)} is not hex`);
  try {
    return privateKeyFromProtobuf(Buffer.from(text, 'hex'));
  } catch (error) {
    throw new PeerKeyError(`${path.basename(file)} does not hold a libp2p private key`, { cause: error });
  }
}

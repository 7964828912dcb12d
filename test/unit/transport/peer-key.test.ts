import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { loadOrCreatePeerKey, PEER_KEY_FILE, PeerKeyError } from '../../../main/transport/peer-key.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('creates a secp256k1 key once, owner-only, and loads the same one afterwards', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const first = await loadOrCreatePeerKey(dir);
  assert.equal(first.created, true);
  assert.equal(first.privateKey.type, 'secp256k1');
  assert.equal(fs.statSync(first.file).mode & 0o777, 0o600);
  assert.deepEqual(fs.readdirSync(dir), [PEER_KEY_FILE], 'no temp file left behind');
  const second = await loadOrCreatePeerKey(dir);
  assert.equal(second.created, false);
  assert.equal(peerIdFromPrivateKey(second.privateKey).toString(), peerIdFromPrivateKey(first.privateKey).toString());
});

test('creates the data directory when missing and tightens a loose key file', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const nested = path.join(dir, 'a', 'b');
  const { file } = await loadOrCreatePeerKey(nested);
  fs.chmodSync(file, 0o644);
  await loadOrCreatePeerKey(nested);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
});

test('a corrupt key file is an error, never silently replaced', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const file = path.join(dir, PEER_KEY_FILE);
  fs.writeFileSync(file, 'not hex', { mode: 0o600 });
  await assert.rejects(loadOrCreatePeerKey(dir), PeerKeyError);
  fs.writeFileSync(file, 'abcd', { mode: 0o600 });
  await assert.rejects(loadOrCreatePeerKey(dir), PeerKeyError);
  assert.equal(fs.readFileSync(file, 'utf8'), 'abcd');
});

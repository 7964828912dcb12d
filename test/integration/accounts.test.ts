// Accounts through the headless node, the way the UI drives them: create, profile, logout,
// login, phrase, crash in the middle of writes; and no secret in the logs or on disk.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deriveAccount, deriveDatabaseKey } from '../../main/identity/derivation.ts';
import { mnemonicToSeed } from '../../main/identity/mnemonic.ts';
import type { AccountSummary, Api, LoginState } from '../../shared/api.ts';
import type { RpcClient } from '../../shared/rpc/client.ts';
import { RpcError, RpcErrorCode } from '../../shared/rpc/protocol.ts';
import { type HeadlessProcess, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { nextMatching, withTimeout } from '../helpers/wait.ts';

const PASSWORD = 'a long enough password';

function rpcError(code: number, reason?: string) {
  return (error: unknown) =>
    error instanceof RpcError &&
    error.code === code &&
    (reason === undefined || (error.data as { reason?: string } | undefined)?.reason === reason);
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => path.join(dir, name)).filter((f) => fs.statSync(f).isFile());
}

describe('accounts over the RPC', () => {
  let dataDir: string;
  let cleanup: () => void;
  let node: HeadlessProcess;
  let client: RpcClient<Api>;
  let account: AccountSummary;
  let mnemonic: string;
  const stderrLog: string[] = [];

  before(async () => {
    ({ dir: dataDir, cleanup } = tempDir());
    node = await startHeadlessProcess(dataDir, ['--log-level', 'debug']);
    client = await node.connect();
  });

  after(async () => {
    if (node.child.exitCode === null) {
      node.child.kill('SIGTERM');
      await node.exited;
    }
    cleanup();
  });

  test('create: the phrase comes back once and the new account is logged in', async () => {
    const loggedIn = nextMatching<LoginState>((l) => client.on('accounts.loginChanged', l), (s) => s.state === 'logged-in', 10_000, 'login event');
    ({ account, mnemonic } = await client.call('accounts.create', { password: PASSWORD }, { timeoutMs: 20_000 }));
    assert.equal(mnemonic.split(' ').length, 12);
    assert.equal((await loggedIn).state, 'logged-in');
    assert.deepEqual(await client.call('accounts.loginState'), { state: 'logged-in', account: await client.call('profile.get') });
  });

  test('bad params get clear typed errors', async () => {
    await assert.rejects(client.call('accounts.create', { password: 'short' }), rpcError(RpcErrorCode.InvalidParams));
    await assert.rejects(client.call('profile.setDisplayName', { displayName: 'Al' }), rpcError(RpcErrorCode.InvalidParams));
    await assert.rejects(client.call('profile.setDisplayName', { displayName: 'x<script>' }), rpcError(RpcErrorCode.InvalidParams));
    const bad = await client.call('accounts.import', { mnemonic: 'abandon abandon zzzz', password: PASSWORD }).catch((e: unknown) => e);
    assert.ok(rpcError(RpcErrorCode.InvalidParams, 'INVALID_MNEMONIC')(bad));
    await assert.rejects(
      client.call('accounts.import', { mnemonic, password: PASSWORD }, { timeoutMs: 20_000 }),
      rpcError(RpcErrorCode.Conflict, 'ACCOUNT_EXISTS'),
    );
  });

  test('display name: set, pushed to every session, kept in the account list', async () => {
    const changed = nextMatching<AccountSummary>((l) => client.on('profile.changed', l), () => true, 10_000, 'profile event');
    const profile = await client.call('profile.setDisplayName', { displayName: 'Alice in Waku' });
    assert.equal(profile.displayName, 'Alice in Waku');
    assert.equal((await changed).displayName, 'Alice in Waku');
    assert.equal((await client.call('accounts.list'))[0]?.displayName, 'Alice in Waku');
  });

  test('logout; a wrong password is refused; the right one logs in', async () => {
    await client.call('accounts.logout');
    await assert.rejects(client.call('profile.get'), rpcError(RpcErrorCode.Forbidden, 'NOT_LOGGED_IN'));
    await assert.rejects(
      client.call('accounts.login', { keyUid: account.keyUid, password: 'definitely wrong' }, { timeoutMs: 20_000 }),
      rpcError(RpcErrorCode.Forbidden, 'WRONG_PASSWORD'),
    );
    const back = await client.call('accounts.login', { keyUid: account.keyUid, password: PASSWORD }, { timeoutMs: 20_000 });
    assert.equal(back.displayName, 'Alice in Waku');
    const phrase = await client.call('accounts.revealMnemonic', { keyUid: account.keyUid, password: PASSWORD }, { timeoutMs: 20_000 });
    assert.equal(phrase.mnemonic, mnemonic);
  });

  test('SIGKILL during a burst of profile writes: the last acknowledged name (or a later one) survives', async () => {
    const acked: string[] = [];
    let stop = false;
    const names = Array.from({ length: 400 }, (_, i) => `Name ${String(i).padStart(5, '0')}`);
    const burst = (async () => {
      for (const displayName of names) {
        if (stop) break;
        try {
          await client.call('profile.setDisplayName', { displayName });
          acked.push(displayName);
          if (acked.length === 150) node.child.kill('SIGKILL');
        } catch {
          stop = true;
        }
      }
    })();
    await withTimeout(burst, 30_000, 'the write burst');
    assert.equal(await node.exited, 'SIGKILL');
    stderrLog.push(node.stderr());

    node = await startHeadlessProcess(dataDir, ['--log-level', 'debug']);
    client = await node.connect();
    const listed = (await client.call('accounts.list'))[0];
    const lastAcked = acked.at(-1) ?? '';
    assert.ok(listed && listed.displayName >= lastAcked, `${listed?.displayName} is older than ${lastAcked}`);
    const profile = await client.call('accounts.login', { keyUid: account.keyUid, password: PASSWORD }, { timeoutMs: 20_000 });
    assert.ok(profile.displayName >= lastAcked);
  });

  test('no secret appears in the logs or in clear in any file of the data directory', async () => {
    node.child.kill('SIGTERM');
    await node.exited;
    stderrLog.push(node.stderr());
    const derived = deriveAccount(mnemonic);
    const seed = Buffer.from(mnemonicToSeed(mnemonic));
    const secrets: Array<[string, Buffer]> = [
      ['mnemonic', Buffer.from(mnemonic)],
      ['first three words', Buffer.from(mnemonic.split(' ').slice(0, 3).join(' '))],
      ['password', Buffer.from(PASSWORD)],
      ['seed hex', Buffer.from(seed.toString('hex'))],
      ['seed', seed],
      ['chat key hex', Buffer.from(Buffer.from(derived.chatKey.privateKey).toString('hex'))],
      ['chat key', Buffer.from(derived.chatKey.privateKey)],
      ['db key hex', Buffer.from(Buffer.from(deriveDatabaseKey(derived.encryptionKey.privateKey)).toString('hex'))],
      ['db key', Buffer.from(deriveDatabaseKey(derived.encryptionKey.privateKey))],
    ];
    const logs = Buffer.from(stderrLog.join('\n'));
    assert.ok(logs.length > 0);
    for (const [what, bytes] of secrets) {
      assert.equal(logs.includes(bytes), false, `${what} found in the logs`);
      for (const file of listFiles(dataDir)) {
        assert.equal(fs.readFileSync(file).includes(bytes), false, `${what} found in ${path.relative(dataDir, file)}`);
      }
    }
  });
});

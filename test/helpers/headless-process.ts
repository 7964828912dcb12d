// Runs `main/cli/node.ts` as a separate process, the way a user (or the e2e test) does.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Api } from '../../shared/api.ts';
import { RpcClient } from '../../shared/rpc/client.ts';
import { openWebSocketChannel, rpcWebSocketUrl } from '../../shared/rpc/transports/websocket.ts';
import { withTimeout } from './wait.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NODE_ENTRY = path.join(REPO_ROOT, 'main', 'cli', 'node.ts');
/** Tests stay on loopback with free ports and never look for peers on the internet. */
export const LOOPBACK_WAKU = ['--host', '127.0.0.1', '--tcp-port', '0', '--ws-port', '0', '--no-discovery'];

export interface ReadyLine {
  event: 'ready';
  pid: number;
  dataDir: string;
  rpcUrl: string | null;
  restUrl: string | null;
  peerId: string | null;
  listenAddresses: string[];
}

export interface HeadlessProcess {
  child: ChildProcess;
  ready: ReadyLine;
  /** Milliseconds from spawn to the ready line. */
  startMs: number;
  stderr: () => string;
  token: () => string;
  connect: () => Promise<RpcClient<Api>>;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

export function runNodeCli(args: string[], timeoutMs = 20_000) {
  const child = spawn(process.execPath, [NODE_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return {
    child,
    exited: withTimeout(exited, timeoutMs, `node ${args.join(' ')} to exit`),
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** `env`: variables for this process on top of ours (test-only knobs such as WSD_PRESENCE_INTERVAL_MS). */
export async function startHeadlessProcess(
  dataDir: string,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<HeadlessProcess> {
  const began = performance.now();
  const child = spawn(
    process.execPath,
    [NODE_ENTRY, '--data-dir', dataDir, '--rpc-port', '0', ...LOOPBACK_WAKU, ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...env },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  const ready = await withTimeout(
    new Promise<ReadyLine>((resolve, reject) => {
      let stdout = '';
      child.stdout?.on('data', (chunk) => {
        stdout += chunk;
        const newline = stdout.indexOf('\n');
        if (newline >= 0) resolve(JSON.parse(stdout.slice(0, newline)) as ReadyLine);
      });
      void exited.then((code) => reject(new Error(`node exited (${code}) before ready:\n${stderr}`)));
    }),
    15_000,
    'the headless node to print its ready line',
  );
  const startMs = performance.now() - began;
  const token = () => fs.readFileSync(path.join(dataDir, 'rpc-token'), 'utf8').trim();
  return {
    child,
    ready,
    startMs,
    stderr: () => stderr,
    token,
    exited,
    connect: async () => {
      if (!ready.rpcUrl) throw new Error('node serves no RPC');
      const channel = await openWebSocketChannel(new WebSocket(rpcWebSocketUrl(ready.rpcUrl, token())));
      return new RpcClient<Api>(channel, { timeoutMs: 10_000 });
    },
  };
}

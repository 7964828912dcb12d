// Composes a headless node: the core plus its loopback RPC and REST servers.
import crypto from 'node:crypto';
import path from 'node:path';
import { readAppVersion } from '../core/app-version.ts';
import { Core } from '../core/core.ts';
import type { Logger } from '../core/log.ts';
import { coreRestRoutes } from '../core/rest-routes.ts';
import { storeRestRoute, wakuRestRoutes } from '../core/rest-waku-routes.ts';
import { type RestServer, startRestServer } from '../core/rest-server.ts';
import { type RpcWebSocketServer, startRpcWebSocketServer } from '../core/rpc-websocket-server.ts';
import { DataFile, writeSecretFile } from '../storage/data-dir.ts';
import type { NodeArgs } from '../core/core-args.ts';

export interface HeadlessNode {
  core: Core;
  rpc?: RpcWebSocketServer;
  rest?: RestServer;
  /** The line printed on stdout once ready. */
  readyLine: Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startHeadless(args: NodeArgs, log: Logger): Promise<HeadlessNode> {
  const core = new Core({
    dataDir: args.dataDir,
    appVersion: readAppVersion(),
    log: log.child('core'),
    network: args.network,
    // Headless --light/--full win over the mode saved by node.setMode; without them it applies.
    explicitMode: args.explicitMode === true,
  });
  await core.start();
  let rpc: RpcWebSocketServer | undefined;
  let rest: RestServer | undefined;
  try {
    if (args.rpcPort !== undefined) {
      // A fresh token per run: a token that leaked from an earlier run is worthless.
      const token = crypto.randomBytes(32).toString('hex');
      writeSecretFile(path.join(core.dataDir, DataFile.RpcToken), token);
      rpc = await startRpcWebSocketServer({
        port: args.rpcPort,
        token,
        attach: (channel) => core.attach(channel),
        log: log.child('rpc-ws'),
      });
    }
    if (args.restPort !== undefined) {
      rest = await startRestServer({
        port: args.restPort,
        routes: { ...coreRestRoutes(core), ...wakuRestRoutes(core), ...storeRestRoute(core) },
        log: log.child('rest'),
      });
    }
  } catch (error) {
    await rpc?.close();
    await core.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const node: HeadlessNode = {
    core,
    readyLine: {
      event: 'ready',
      pid: process.pid,
      dataDir: core.dataDir,
      rpcUrl: rpc?.url ?? null,
      restUrl: rest?.url ?? null,
      peerId: core.info().peerId,
      listenAddresses: core.info().listenAddresses,
    },
    stop() {
      stopping ??= (async () => {
        await Promise.all([rpc?.close(), rest?.close()]);
        await core.stop();
      })();
      return stopping;
    },
  };
  if (rpc) node.rpc = rpc;
  if (rest) node.rest = rest;
  return node;
}

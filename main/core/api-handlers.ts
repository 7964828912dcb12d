// Binds each method of the contract to the core. Params arrive validated by the RPC server.
import type { Api } from '../../shared/api.ts';
import { RpcError, RpcErrorCode } from '../../shared/rpc/protocol.ts';
import type { Handlers } from '../../shared/rpc/server.ts';
import type { Core, CoreServices } from './core.ts';

export function createApiHandlers(core: Core): Handlers<Api> {
  const running = (): CoreServices => {
    const services = core.services;
    if (!services) throw new RpcError(RpcErrorCode.Unavailable, `the core is ${core.state}`);
    return services;
  };

  return {
    'node.info': () => core.info(),
    'node.status': () => core.status(),
    'prefs.get': ({ key }) => running().prefs.get(key),
    'prefs.set': ({ key, value }) => running().prefs.set(key, value, Date.now()),
    'prefs.list': () => running().prefs.list(),
  };
}

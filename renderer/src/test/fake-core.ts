// An in-process core for renderer specs: an RpcServer answering the given handlers (any other
// call fails as not implemented) and an RpcClient connected to it.
import { type Api, api } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { type Handlers, partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';

export function connectedCore(handlers: Partial<Handlers<Api>>): { server: RpcServer<Api>; client: RpcClient<Api> } {
  const server = new RpcServer(api, partialHandlers(api, handlers));
  const [coreEnd, uiEnd] = createChannelPair();
  server.attach(coreEnd);
  return { server, client: new RpcClient<Api>(uiEnd) };
}

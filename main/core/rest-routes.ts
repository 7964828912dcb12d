// REST routes answered by the core itself (later protocols add theirs next to these).
import { NodeState } from '../../shared/api.ts';
import type { Core } from './core.ts';
import type { RestRoute } from './rest-server.ts';

export function coreRestRoutes(core: Core): Record<string, RestRoute> {
  return {
    'GET /health': () => {
      const ready = core.state === NodeState.Running;
      return { status: ready ? 200 : 503, body: { nodeHealth: ready ? 'Ready' : 'Initializing', protocolsHealth: [] } };
    },
    'GET /debug/v1/version': () => ({ status: 200, body: core.info().appVersion, text: true }),
  };
}

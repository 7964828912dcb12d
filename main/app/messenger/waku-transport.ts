// The messenger's transport over our full node: publish into relay, and hand over the
// relayed messages of the content topics it listens to.
import type { WakuNode } from '../../transport/waku-node.ts';
import type { MessengerTransport } from './ports.ts';

export function fullNodeTransport(node: WakuNode): MessengerTransport {
  return {
    publish: async (pubsubTopic, message) => {
      const outcome = await node.publish(pubsubTopic, message);
      return outcome.ok ? { ok: true } : { ok: false, reason: outcome.reason };
    },
    subscribe: (contentTopics, handler) => {
      const wanted = new Set(contentTopics);
      return node.on('message', ({ pubsubTopic, message, hashHex }) => {
        if (wanted.has(message.contentTopic)) handler({ pubsubTopic, message, hashHex });
      });
    },
  };
}

// The messenger's transport over a light node: publish by lightpush, listen by filter.
import type { LightWakuNode } from '../../transport/light/light-node.ts';
import { pubsubTopicForScope, Scope } from '../../transport/sharding.ts';
import type { MessengerTransport } from './ports.ts';

export function lightNodeTransport(node: LightWakuNode): MessengerTransport {
  return {
    publish: async (pubsubTopic, message) => {
      const outcome = await node.publish(pubsubTopic, message);
      return outcome.ok ? { ok: true } : { ok: false, reason: outcome.reason };
    },
    subscribe: (contentTopics, handler) => {
      // 1:1 traffic lives on the global content shard.
      const subscription = node.subscribe(
        pubsubTopicForScope(Scope.GlobalContent),
        contentTopics,
        ({ pubsubTopic, message, hashHex }) => handler({ pubsubTopic, message, hashHex }),
      );
      const unsubscribe = () => {
        void subscription.then((s) => s.unsubscribe()).catch(() => {});
      };
      // Settles either way: a refused subscription is the reconnect logic's business, not the sender's.
      return Object.assign(unsubscribe, {
        ready: subscription.then(
          () => {},
          () => {},
        ),
      });
    },
  };
}

import type { ContactView, GroupView } from '../../../shared/api.ts';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { senderNameIn } from './use-group.ts';

/** "<creator> invited you to <group>" with Join and Decline, above the (disabled) composer. */
export function InvitationBanner({
  client,
  group,
  contacts,
  onJoined,
  onDeclined,
}: {
  client: CoreClient;
  group: GroupView;
  contacts: readonly ContactView[];
  onJoined: (group: GroupView) => void;
  onDeclined: () => void;
}) {
  const act = useAction((work: () => Promise<void>) => work());
  const creator = senderNameIn(group, contacts, group.createdBy);
  return (
    <section className="invitation-banner" aria-label="Group invitation">
      <p className="invitation-text">
        <strong>{creator}</strong> invited you to <strong>{group.name}</strong>
      </p>
      <button
        type="button"
        className="small"
        disabled={act.busy}
        onClick={() => void act.run(async () => onJoined(await client.call('groups.join', { chatId: group.chatId })))}
      >
        Join
      </button>
      <button
        type="button"
        className="small"
        disabled={act.busy}
        onClick={() =>
          void act.run(async () => {
            await client.call('groups.decline', { chatId: group.chatId });
            onDeclined();
          })
        }
      >
        Decline
      </button>
      {act.error && <p role="alert">{act.error}</p>}
    </section>
  );
}

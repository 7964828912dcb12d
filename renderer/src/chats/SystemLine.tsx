import type { MessageView } from '../../../shared/api.ts';

/** A group's membership change in the timeline: a centred, muted line without actions. */
export function SystemLine({ message }: { message: MessageView }) {
  return (
    <li className="system-line" data-testid="system-message">
      <span>{message.text}</span>
    </li>
  );
}

// The timeline line for an applied membership event (status-go's eventToSystemMessage, in
// plain sentences). Names are resolved when the event is filed and stay as written.
import { EventType, type GroupEvent } from './group-events.ts';

export function systemText(event: GroupEvent, nameOf: (key: string) => string): string | null {
  const from = nameOf(event.from);
  const targets = event.members.map(nameOf).join(', ');
  switch (event.type) {
    case EventType.CHAT_CREATED:
      return `${from} created the group ${event.name}`;
    case EventType.NAME_CHANGED:
      return `${from} renamed the group to ${event.name}`;
    case EventType.MEMBERS_ADDED:
      return `${from} added ${targets}`;
    case EventType.MEMBER_JOINED:
      return `${from} joined`;
    case EventType.MEMBER_REMOVED:
      return event.members[0] === event.from ? `${from} left` : `${from} removed ${targets}`;
    case EventType.ADMINS_ADDED:
      return `${from} made ${targets} an admin`;
    case EventType.ADMIN_REMOVED:
      return `${from} is not an admin anymore`;
    case EventType.COLOR_CHANGED:
      return `${from} changed the group's color`;
    case EventType.IMAGE_CHANGED:
      return `${from} changed the group's picture`;
    default:
      return null;
  }
}

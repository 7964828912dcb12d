/** "just now", "12 min ago", "3 h ago", "2 d ago": how long since a contact was last seen. */
export function lastSeenAgo(lastSeen: number, now: number = Date.now()): string {
  const minutes = Math.floor(Math.max(0, now - lastSeen) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/**
 * A contact's presence: a green dot when online, a hollow grey one when we know when they were
 * last seen, nothing when we know nothing. Screen readers get the words, sighted users the title.
 */
export function PresenceDot({
  online,
  lastSeen = null,
  now,
  className,
}: {
  online: boolean;
  lastSeen?: number | null;
  /** For tests; defaults to the time of rendering. */
  now?: number;
  className?: string;
}) {
  if (!online && lastSeen === null) return null;
  const label = online ? 'Online' : `Last seen ${lastSeenAgo(lastSeen ?? 0, now)}`;
  return (
    <span
      className={`presence-dot ${online ? 'online' : 'offline'}${className ? ` ${className}` : ''}`}
      title={label}
      data-testid="presence-dot"
    >
      <span className="visually-hidden">{online ? ' online' : ` last seen ${lastSeenAgo(lastSeen ?? 0, now)}`}</span>
    </span>
  );
}

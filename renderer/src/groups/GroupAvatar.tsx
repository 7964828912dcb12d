import { initials } from '../identity/Avatar.tsx';

/** A group's round avatar: the initials of its name on the group colour. */
export function GroupAvatar({
  name,
  color,
  size = 32,
  decorative = false,
}: {
  name: string;
  color?: string;
  size?: number;
  /** Next to the name already: hidden from assistive technology. */
  decorative?: boolean;
}) {
  return (
    <span
      className="group-avatar"
      {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': `${name} group avatar` })}
      style={{ background: color || 'var(--accent)', width: size, height: size, fontSize: size / 2.6 }}
    >
      {initials(name) || '#'}
    </span>
  );
}

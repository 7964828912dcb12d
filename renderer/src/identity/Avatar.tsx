import type { PublicIdentity } from '../../../shared/api.ts';
import { ColorRing } from './ColorRing.tsx';
import { USER_COLORS } from './palette.ts';

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? (words[0]?.[0] ?? '') + (words[1]?.[0] ?? '') : (words[0] ?? '').slice(0, 2);
  return letters.toUpperCase();
}

/** Letter avatar in the person's colour, inside their colour ring. */
export function Avatar({ identity, name, size = 40 }: { identity: PublicIdentity; name: string; size?: number }) {
  return (
    <ColorRing colorHash={identity.colorHash} size={size}>
      <span
        className="avatar-letters"
        style={{ background: USER_COLORS[identity.colorId] ?? USER_COLORS[0], fontSize: size / 3 }}
        role="img"
        aria-label={`${name}'s avatar`}
      >
        {initials(name)}
      </span>
    </ColorRing>
  );
}

import { useState } from 'react';
import type { ImageInfo } from '../../../shared/api.ts';
import { useImageUrl } from '../components/use-image-url.ts';
import type { CoreClient } from '../core/connection.ts';
import { initials } from '../identity/Avatar.tsx';

/**
 * A group's round avatar: its picture when it has one (given `client` and `chatId` to fetch it),
 * else the initials of its name on the group colour.
 */
export function GroupAvatar({
  name,
  color,
  size = 32,
  decorative = false,
  client,
  chatId,
  image = null,
}: {
  name: string;
  color?: string;
  size?: number;
  /** Next to the name already: hidden from assistive technology. */
  decorative?: boolean;
  /** Where the picture comes from (`groups.image`); without it, initials only. */
  client?: CoreClient;
  chatId?: string;
  /** The group's picture (GroupView.image); null: none. */
  image?: ImageInfo | null;
}) {
  // What identifies the picture: a new one (IMAGE_CHANGED) differs in size or bytes.
  const picture =
    client && chatId && image ? `${chatId}:${image.format}:${image.width}x${image.height}:${image.bytes}` : null;
  const { url } = useImageUrl(() => (client as CoreClient).call('groups.image', { chatId: chatId as string }), picture);
  // A picture the browser cannot decode falls back to the initials too.
  const [broken, setBroken] = useState<string | null>(null);
  const shown = url !== null && url !== broken;
  return (
    <span
      className={shown ? 'group-avatar has-picture' : 'group-avatar'}
      {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': `${name} group avatar` })}
      style={{ background: color || 'var(--accent)', width: size, height: size, fontSize: size / 2.6 }}
    >
      {shown ? (
        <img src={url} alt="" width={size} height={size} onError={() => setBroken(url)} />
      ) : (
        initials(name) || '#'
      )}
    </span>
  );
}

import { useEffect, useState } from 'react';
import type { ImageInfo } from '../../../shared/api.ts';
import { fromBase64 } from '../chats/image-prepare.ts';
import type { CoreClient } from '../core/connection.ts';
import { initials } from '../identity/Avatar.tsx';

/**
 * The group's picture as a blob: URL, fetched through `groups.image` when it has one (and again
 * when the picture changes); null while loading, without a picture, or when it cannot be had.
 */
function useGroupPicture(client: CoreClient | undefined, chatId: string | undefined, image: ImageInfo | null) {
  const [url, setUrl] = useState<string | null>(null);
  // What identifies the picture: a new one (IMAGE_CHANGED) differs in size or bytes.
  const picture = image ? `${image.format}:${image.width}x${image.height}:${image.bytes}` : null;
  useEffect(() => {
    setUrl(null);
    if (!client || !chatId || !picture) return;
    let gone = false;
    let made: string | null = null;
    client.call('groups.image', { chatId }).then(
      ({ mimeType, data }) => {
        if (gone) return;
        made = URL.createObjectURL(new Blob([fromBase64(data)], { type: mimeType }));
        setUrl(made);
      },
      () => {}, // the initials stay
    );
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [client, chatId, picture]);
  return url;
}

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
  const url = useGroupPicture(client, chatId, image);
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

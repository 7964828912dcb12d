import { useEffect, useRef, useState } from 'react';
import { fromBase64 } from '../chats/image-prepare.ts';

/** What the core answers for a picture (`messages.image`, `groups.image`). */
export type LoadImage = () => Promise<{ mimeType: string; data: string }>;

/**
 * A picture fetched from the core as a blob: URL, revoked when the picture changes or the
 * component goes. `key` names the picture: a new key fetches again; null means none (no fetch).
 * `failed` says the core could not give it.
 */
export function useImageUrl(load: LoadImage, key: string | null): { url: string | null; failed: boolean } {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  // The latest loader, without making every render a new fetch.
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    setUrl(null);
    setFailed(false);
    if (key === null) return;
    let gone = false;
    let made: string | null = null;
    loader.current().then(
      ({ mimeType, data }) => {
        if (gone) return;
        made = URL.createObjectURL(new Blob([fromBase64(data)], { type: mimeType }));
        setUrl(made);
      },
      () => !gone && setFailed(true),
    );
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [key]);
  return { url, failed };
}

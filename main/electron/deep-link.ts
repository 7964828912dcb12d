// status-app:// and https://status.app user links, as status-go's shared URLs define them
// (protocol/messenger_share_urls.go): "<base>/u#<chat key>" and "<base>/u/<encoded data>#<chat key>",
// where the desktop app's own scheme "status-app://" stands for "https://status.app/". We only
// take the chat key; the encoded display name is unverified and the core previews the key anyway.
// Pure (no electron) so that hostile input is easy to test.
import { CHAT_KEY_PATTERN } from '../../shared/app-command.ts';

export const STATUS_LINK_SCHEME = 'status-app';

/** Longer than any real link (status-go's encoded user data is a few hundred characters). */
export const MAX_LINK_CHARS = 4096;

const PREFIXES = ['https://status.app/', `${STATUS_LINK_SCHEME}://`] as const;
/** The path part between the prefix and '#': "u", or "u/" plus base64url-ish encoded data. */
const USER_PATH = /^u(\/[A-Za-z0-9_\-=.~%]{1,2048})?$/;

export interface StatusUserLink {
  chatKey: string;
}

export function parseStatusLink(link: unknown): StatusUserLink | null {
  if (typeof link !== 'string' || link.length > MAX_LINK_CHARS) return null;
  const prefix = PREFIXES.find((p) => link.startsWith(p));
  if (!prefix) return null;
  const rest = link.slice(prefix.length);
  const hash = rest.indexOf('#');
  if (hash < 0) return null;
  const path = rest.slice(0, hash).replace(/\/$/, '');
  const chatKey = rest.slice(hash + 1);
  if (!USER_PATH.test(path) || !CHAT_KEY_PATTERN.test(chatKey)) return null;
  return { chatKey };
}

/** The first status link among command-line arguments (Windows/Linux pass links this way). */
export function findStatusLink(argv: readonly unknown[]): StatusUserLink | null {
  for (const arg of argv) {
    const link = parseStatusLink(arg);
    if (link) return link;
  }
  return null;
}

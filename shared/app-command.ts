// Commands the desktop shell (menu, tray, status-app:// links) sends to the renderer. They
// travel main → preload → page as {type:'app:command', ...}; the page is untrusted about its
// input too, so both the preload and the renderer accept only these exact shapes.
export const APP_COMMAND = 'app:command';

export const APP_SECTIONS = ['chats', 'contacts', 'profile', 'node'] as const;
export type AppSection = (typeof APP_SECTIONS)[number];

export type AppCommand =
  | { command: 'open-section'; section: AppSection }
  | { command: 'new-chat' }
  | { command: 'add-contact'; chatKey?: string }
  | { command: 'toggle-theme' }
  | { command: 'show-shortcuts' };

/**
 * A compressed public key as Status shares it: multibase base58btc ('z') of the multicodec
 * secp256k1-pub key, which always starts "zQ3sh" and is 49 characters long.
 */
export const CHAT_KEY_PATTERN = /^zQ3sh[1-9A-HJ-NP-Za-km-z]{44}$/;

function hasOnlyKeys(value: object, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

/** The command carried by a message, or null for anything that is not exactly one. */
export function parseAppCommand(data: unknown): AppCommand | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const message = data as Record<string, unknown>;
  if (message.type !== APP_COMMAND) return null;
  switch (message.command) {
    case 'open-section':
      return hasOnlyKeys(message, ['type', 'command', 'section']) &&
        APP_SECTIONS.includes(message.section as AppSection)
        ? { command: 'open-section', section: message.section as AppSection }
        : null;
    case 'add-contact':
      if (!hasOnlyKeys(message, ['type', 'command', 'chatKey'])) return null;
      if (message.chatKey === undefined) return { command: 'add-contact' };
      return typeof message.chatKey === 'string' && CHAT_KEY_PATTERN.test(message.chatKey)
        ? { command: 'add-contact', chatKey: message.chatKey }
        : null;
    case 'new-chat':
    case 'toggle-theme':
    case 'show-shortcuts':
      return hasOnlyKeys(message, ['type', 'command']) ? { command: message.command } : null;
    default:
      return null;
  }
}

// The app's keyboard shortcuts, in one place: what each key does (for the help dialog and the
// menu's labels) and which action a key press means. Ctrl on Windows/Linux, Cmd on macOS.
import { useEffect, useRef } from 'react';
import type { AppSection } from '../../../shared/app-command.ts';

export type ShortcutAction =
  | { action: 'open-section'; section: AppSection }
  | { action: 'focus-chat-filter' }
  | { action: 'previous-chat' }
  | { action: 'next-chat' }
  | { action: 'show-shortcuts' }
  | { action: 'close-dialog' };

const SECTION_KEYS: Record<string, AppSection> = { '1': 'chats', '2': 'contacts', '3': 'profile', '4': 'node' };

/** For the help dialog: keys as people read them, and what they do. */
export const SHORTCUT_HELP: ReadonlyArray<{ keys: string; does: string }> = [
  { keys: 'Ctrl/⌘ 1 … 4', does: 'Chats, Contacts, Profile, Node' },
  { keys: 'Ctrl/⌘ K', does: 'Search chats' },
  { keys: 'Alt ↑ / Alt ↓', does: 'Previous / next chat' },
  { keys: 'Ctrl Tab / Ctrl Shift Tab', does: 'Next / previous chat' },
  { keys: 'Ctrl/⌘ N', does: 'New chat' },
  { keys: 'Ctrl/⌘ /', does: 'This list of shortcuts' },
  { keys: 'Enter / Shift Enter', does: 'Send / new line (in the message box)' },
  { keys: 'Esc', does: 'Close a dialog' },
];

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

export function isMacPlatform(platform: string = globalThis.navigator?.platform ?? ''): boolean {
  return /mac/i.test(platform);
}

/** The action a key press asks for, or null when it is none of ours. */
export function shortcutFor(event: KeyPress, isMac: boolean = isMacPlatform()): ShortcutAction | null {
  const command = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (event.key === 'Escape' && !command && !event.altKey) return { action: 'close-dialog' };
  // Ctrl+Tab is Ctrl on every platform (as in browsers), not Cmd.
  if (event.key === 'Tab' && event.ctrlKey && !event.metaKey && !event.altKey) {
    return { action: event.shiftKey ? 'previous-chat' : 'next-chat' };
  }
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    if (event.key === 'ArrowUp') return { action: 'previous-chat' };
    if (event.key === 'ArrowDown') return { action: 'next-chat' };
  }
  if (!command || event.altKey || event.shiftKey) return null;
  const section = SECTION_KEYS[event.key];
  if (section) return { action: 'open-section', section };
  if (event.key.toLowerCase() === 'k') return { action: 'focus-chat-filter' };
  if (event.key === '/') return { action: 'show-shortcuts' };
  return null;
}

/**
 * Calls the handler for each shortcut pressed anywhere in the window. A handler that returns
 * false did not use the key, which then keeps its default behaviour.
 */
export function useShortcuts(handler: (shortcut: ShortcutAction) => boolean | undefined, target: Window = window): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const shortcut = shortcutFor(event);
      if (shortcut && latest.current(shortcut) !== false) event.preventDefault();
    };
    target.addEventListener('keydown', onKeyDown);
    return () => target.removeEventListener('keydown', onKeyDown);
  }, [target]);
}

/** The chat before or after the current one in the given order (wrapping around). */
export function neighbourChat(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return step === 1 ? (ids[0] ?? null) : (ids.at(-1) ?? null);
  return ids[(at + step + ids.length) % ids.length] ?? null;
}

// The preload exposes no API at all. It only relays messages with fixed shapes:
// - the port to the core: the page asks with window.postMessage({type:'core:connect'}), and
//   every port main sends (the first one, and a new one after a core restart) is posted to
//   the page with {type:'core:port'};
// - commands from the menu, the tray and status-app:// links: main sends 'app:command', and
//   the page gets {type:'app:command', command, …} — only the exact shapes of
//   shared/app-command.ts (checked again here: a sandboxed preload cannot import it).
const { ipcRenderer } = require('electron') as typeof import('electron');

const CONNECT = 'core:connect';
const PORT = 'core:port';
const COMMAND = 'app:command';

const SECTIONS = ['chats', 'contacts', 'profile', 'node'];
const CHAT_KEY = /^zQ3sh[1-9A-HJ-NP-Za-km-z]{44}$/;

/** The command to post to the page, rebuilt from known fields only, or null. */
function appCommand(payload: unknown): Record<string, string> | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const { command, section, chatKey, ...rest } = payload as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return null;
  if (command === 'open-section' && chatKey === undefined && typeof section === 'string' && SECTIONS.includes(section)) {
    return { type: COMMAND, command, section };
  }
  if (command === 'add-contact' && section === undefined) {
    if (chatKey === undefined) return { type: COMMAND, command };
    if (typeof chatKey === 'string' && CHAT_KEY.test(chatKey)) return { type: COMMAND, command, chatKey };
    return null;
  }
  if (
    (command === 'new-chat' || command === 'toggle-theme' || command === 'show-shortcuts') &&
    section === undefined &&
    chatKey === undefined
  ) {
    return { type: COMMAND, command };
  }
  return null;
}

window.addEventListener('message', (event) => {
  if (event.source === window && (event.data as { type?: unknown } | null)?.type === CONNECT) {
    ipcRenderer.send(CONNECT);
  }
});

ipcRenderer.on(PORT, (event) => {
  window.postMessage({ type: PORT }, window.location.origin, event.ports);
});

ipcRenderer.on(COMMAND, (_event, payload: unknown) => {
  const message = appCommand(payload);
  if (message) window.postMessage(message, window.location.origin);
});

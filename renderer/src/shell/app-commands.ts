// Commands from the desktop shell (menu, tray, status-app:// links), relayed by the preload as
// window messages. Only messages our own window posted, with an exact known shape, count.
// A link can arrive before anyone is logged in: the last one waits for the app to subscribe.
import { useEffect, useRef } from 'react';
import { type AppCommand, parseAppCommand } from '../../../shared/app-command.ts';

type Handler = (command: AppCommand) => void;

const handlers = new Set<Handler>();
let pendingLink: AppCommand | null = null;

export function dispatchAppCommand(command: AppCommand): void {
  if (handlers.size === 0) {
    // Only a link carries something the user has not seen yet; menu clicks are moot by now.
    if (command.command === 'add-contact' && command.chatKey) pendingLink = command;
    return;
  }
  for (const handler of handlers) handler(command);
}

/** Starts listening to the window; returns the function that stops it. */
export function listenForAppCommands(target: Window): () => void {
  const onMessage = (event: MessageEvent) => {
    if (event.source !== target || event.origin !== target.location.origin) return;
    const command = parseAppCommand(event.data);
    if (command) dispatchAppCommand(command);
  };
  target.addEventListener('message', onMessage);
  return () => target.removeEventListener('message', onMessage);
}

/** Calls the handler for each command (and once for a link that arrived before). */
export function useAppCommands(handler: Handler): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const forward: Handler = (command) => latest.current(command);
    handlers.add(forward);
    const waiting = pendingLink;
    pendingLink = null;
    if (waiting) forward(waiting);
    return () => {
      handlers.delete(forward);
    };
  }, []);
}

// The app window: sandboxed, isolated, no Node, only the preload's port hand-off.
import { BrowserWindow } from 'electron';
import { APP_COMMAND, type AppCommand } from '../../shared/app-command.ts';
import { APP_START_URL } from './app-origin.ts';

export const SECURE_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  webviewTag: false,
  spellcheck: true,
} as const;

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Waku Status Desktop',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_START_URL);
  return window;
}

/** Brings the window to the front (from the tray, a notification, a link, a second instance). */
export function showWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}

/**
 * Sends a command to the page through the preload's relay. A page still loading would miss
 * it (e.g. a link that started the app), so it is sent once the load has finished.
 */
export function sendAppCommand(window: BrowserWindow | undefined, command: AppCommand): void {
  if (!window || window.isDestroyed()) return;
  const contents = window.webContents;
  const send = () => {
    if (!window.isDestroyed()) contents.send(APP_COMMAND, command);
  };
  if (contents.isLoading()) contents.once('did-finish-load', send);
  else send();
}

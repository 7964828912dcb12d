// The app window: sandboxed, isolated, no Node, only the preload's port hand-off.
import { BrowserWindow } from 'electron';
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

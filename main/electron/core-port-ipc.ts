// The only IPC channel of the app: the window asks for a port to the core, and gets one
// only if the request comes from the top frame of our own window showing our own bundle.
import { type BrowserWindow, ipcMain, type IpcMainEvent, type WebFrameMain } from 'electron';
import { isAppUrl } from './app-origin.ts';
import type { CoreHost } from './core-host.ts';

export const IpcChannel = {
  /** renderer → main: please give me a port to the core. */
  ConnectCore: 'core:connect',
  /** main → renderer: here is a (new) port. */
  CorePort: 'core:port',
} as const;

export function isTrustedFrame(frame: WebFrameMain | null | undefined, window: BrowserWindow): boolean {
  if (!frame || window.isDestroyed()) return false;
  if (frame !== window.webContents.mainFrame) return false;
  return isAppUrl(frame.url);
}

export function sendCorePort(window: BrowserWindow, core: CoreHost): boolean {
  if (window.isDestroyed()) return false;
  const port = core.connect();
  if (!port) return false;
  window.webContents.postMessage(IpcChannel.CorePort, null, [port]);
  return true;
}

export function serveCorePorts(getWindow: () => BrowserWindow | undefined, core: CoreHost): void {
  ipcMain.on(IpcChannel.ConnectCore, (event: IpcMainEvent) => {
    const window = getWindow();
    if (!window || !isTrustedFrame(event.senderFrame, window)) {
      console.warn(`refused ${IpcChannel.ConnectCore} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return;
    }
    sendCorePort(window, core);
  });
}

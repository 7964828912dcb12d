// Lifecycle of the desktop app: one instance, one window, the core in a utility process.
import path from 'node:path';
import { app, type BrowserWindow, dialog, session } from 'electron';
import { handleAppScheme, registerAppScheme } from './app-protocol.ts';
import { CoreHost } from './core-host.ts';
import { sendCorePort, serveCorePorts } from './core-port-ipc.ts';
import { startNotifier } from './notifier.ts';
import { appPaths } from './paths.ts';
import { restrictPermissions, guardAllWebContents } from './security.ts';
import { createMainWindow } from './window.ts';

export function runDesktopApp(paths: typeof appPaths = appPaths): void {
  // Every renderer, present or future, runs in Chromium's sandbox (not only our window).
  app.enableSandbox();
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    // Another instance owns the data directory; it will raise its window for us.
    app.quit();
    return;
  }
  guardAllWebContents();

  let window: BrowserWindow | undefined;
  const connectNotifier = () => {
    const port = core.connect();
    if (port) startNotifier({ port, window: () => window });
  };
  const core = new CoreHost({
    entry: paths.coreEntry,
    dataDir: path.join(app.getPath('userData'), 'core'),
    onRestart: () => {
      if (window) sendCorePort(window, core);
      connectNotifier();
    },
    onFatal: (message) => dialog.showErrorBox('The messaging core stopped', message),
  });

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => app.quit());

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void core.stop().finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    handleAppScheme(paths.rendererDir);
    restrictPermissions(session.defaultSession);
    core.start();
    connectNotifier();
    serveCorePorts(() => window, core);
    window = createMainWindow(paths.preload);
    window.on('closed', () => {
      window = undefined;
    });
  });
}

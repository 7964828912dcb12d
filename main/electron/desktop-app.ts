// Lifecycle of the desktop app: one instance, one window, the core in a utility process,
// plus the desktop integration around it (menu, tray, context menu, status-app:// links).
import path from 'node:path';
import { app, type BrowserWindow, dialog, session } from 'electron';
import type { AppCommand } from '../../shared/app-command.ts';
import { handleAppScheme, registerAppScheme } from './app-protocol.ts';
import { attachContextMenu } from './context-menu.ts';
import { CoreHost } from './core-host.ts';
import { sendCorePort, serveCorePorts } from './core-port-ipc.ts';
import { findStatusLink, parseStatusLink, STATUS_LINK_SCHEME, type StatusUserLink } from './deep-link.ts';
import { installAppMenu } from './menu.ts';
import { startNotifier } from './notifier.ts';
import { appPaths } from './paths.ts';
import { restrictPermissions, guardAllWebContents } from './security.ts';
import { type AppTray, createAppTray } from './tray.ts';
import { createMainWindow, sendAppCommand, showWindow } from './window.ts';

/** Makes the OS hand status-app:// links to us (in development: to `electron <app dir>`). */
function registerLinkScheme(argv: readonly string[]): void {
  const script = argv[1];
  if (process.defaultApp && script) {
    app.setAsDefaultProtocolClient(STATUS_LINK_SCHEME, process.execPath, [path.resolve(script)]);
  } else {
    app.setAsDefaultProtocolClient(STATUS_LINK_SCHEME);
  }
}

export function runDesktopApp(paths: typeof appPaths = appPaths, argv: readonly string[] = process.argv): void {
  // Every renderer, present or future, runs in Chromium's sandbox (not only our window).
  app.enableSandbox();
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    // Another instance owns the data directory; it will raise its window (and take our link).
    app.quit();
    return;
  }
  guardAllWebContents();
  registerLinkScheme(argv);

  let window: BrowserWindow | undefined;
  let tray: AppTray | undefined;
  // A link that arrives before the window exists (the one that started the app).
  let pendingLink: StatusUserLink | null = findStatusLink(argv);

  const command = (sent: AppCommand) => {
    showWindow(window);
    sendAppCommand(window, sent);
  };
  const openLink = (link: StatusUserLink | null) => {
    if (!link) return;
    if (!window) {
      pendingLink = link;
      return;
    }
    command({ command: 'add-contact', chatKey: link.chatKey });
  };

  const connectNotifier = () => {
    const port = core.connect();
    if (port) startNotifier({ port, window: () => window, onUnreadCount: (count) => tray?.setUnread(count) });
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

  app.on('second-instance', (_event, secondArgv: readonly string[]) => {
    showWindow(window);
    openLink(findStatusLink(secondArgv ?? []));
  });

  // macOS delivers links as an event, possibly before ready: registered now.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(parseStatusLink(url));
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
    installAppMenu({
      appName: app.getName(),
      version: app.getVersion(),
      isMac: process.platform === 'darwin',
      isDev: !app.isPackaged,
      send: command,
      showAbout: () =>
        void dialog.showMessageBox({
          type: 'info',
          title: `About ${app.getName()}`,
          message: `${app.getName()} ${app.getVersion()}`,
          detail: 'A desktop messenger speaking the Status protocol over Waku v2.',
        }),
    });
    tray = createAppTray({ onShow: () => showWindow(window), onQuit: () => app.quit() });
    core.start();
    connectNotifier();
    serveCorePorts(() => window, core);
    window = createMainWindow(paths.preload);
    attachContextMenu(window.webContents);
    window.on('closed', () => {
      window = undefined;
    });
    const link = pendingLink;
    pendingLink = null;
    openLink(link);
  });
}

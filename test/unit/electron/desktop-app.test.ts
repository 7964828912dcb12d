// runDesktopApp with a fully faked electron: single instance, one window, the core in a
// utility process, a guarded session, and a clean core shutdown before the app quits.
import { EventEmitter } from 'node:events';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, it, mock } from 'node:test';
import type { BrowserWindowConstructorOptions } from 'electron';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const USER_DATA = '/home/u/.config/Waku Status Desktop';
const PATHS = {
  preload: '/opt/app/build/main/electron/preload.cjs',
  coreEntry: '/opt/app/build/main/core/utility-entry.js',
  rendererDir: '/opt/app/build/renderer',
} as const;

/** What happened, in order, across all fakes. */
const log: string[] = [];

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

class FakeApp extends EventEmitter {
  lock = true;
  ready = deferred();
  quitCalled = deferred();
  readonly requestSingleInstanceLock = mock.fn(() => {
    log.push('app.requestSingleInstanceLock');
    return this.lock;
  });
  readonly quit = mock.fn(() => {
    log.push('app.quit');
    this.quitCalled.resolve();
  });
  readonly getPath = mock.fn((name: string) => {
    assert.equal(name, 'userData');
    return USER_DATA;
  });
  readonly enableSandbox = mock.fn(() => {
    log.push('app.enableSandbox');
  });
  readonly setAsDefaultProtocolClient = mock.fn((_scheme: string, _path?: string, _args?: string[]) => true);
  readonly isPackaged = true;
  getName(): string {
    return 'Waku Status Desktop';
  }
  getVersion(): string {
    return '0.1.0';
  }
  whenReady(): Promise<void> {
    return this.ready.promise;
  }
  reset(): void {
    this.removeAllListeners();
    this.lock = true;
    this.ready = deferred();
    this.quitCalled = deferred();
    this.requestSingleInstanceLock.mock.resetCalls();
    this.quit.mock.resetCalls();
    this.getPath.mock.resetCalls();
    this.enableSandbox.mock.resetCalls();
    this.setAsDefaultProtocolClient.mock.resetCalls();
  }
}

class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly options: BrowserWindowConstructorOptions;
  readonly loadedUrls: string[] = [];
  minimized = false;
  destroyed = false;
  visible = true;
  readonly show = mock.fn(() => {
    this.visible = true;
  });
  readonly focus = mock.fn();
  readonly restore = mock.fn(() => {
    this.minimized = false;
  });
  readonly webContents = Object.assign(new EventEmitter(), {
    mainFrame: { url: 'app://bundle/index.html', origin: 'app://bundle' },
    postMessage: mock.fn((_channel: string, _message: unknown, _transfer?: unknown[]) => {}),
    send: mock.fn((_channel: string, _payload: unknown) => {}),
    loading: true,
    isLoading(): boolean {
      return this.loading;
    },
  });

  constructor(options: BrowserWindowConstructorOptions) {
    super();
    log.push('new BrowserWindow');
    this.options = options;
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
}

class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  tooltip = '';
  constructor(_icon: unknown) {
    super();
    FakeTray.instances.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(): void {}
  isDestroyed(): boolean {
    return false;
  }
}
const fakeMenu = {
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu: mock.fn((_menu: unknown) => {}),
};
const fakeNativeImage = { createFromBitmap: () => ({}) };

class FakeChild extends EventEmitter {
  readonly posted: unknown[] = [];
  readonly entry: string;
  readonly args: readonly string[];
  kills = 0;
  constructor(entry: string, args: readonly string[]) {
    super();
    this.entry = entry;
    this.args = args;
  }
  postMessage(message: unknown, _transfer?: unknown[]): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.kills += 1;
    return true;
  }
}

/** A MessagePortMain stand-in: inert, compared by its `end` tag. */
class FakePort {
  readonly end: string;
  constructor(end: string) {
    this.end = end;
  }
  on(): this {
    return this;
  }
  start(): void {}
  postMessage(): void {}
  close(): void {}
}

class FakeMessageChannelMain {
  readonly port1 = new FakePort('core');
  readonly port2 = new FakePort('window');
}

class FakeNotification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  show(): void {}
}

const forks: FakeChild[] = [];
const fakeApp = new FakeApp();
const fakeIpcMain = new EventEmitter();
const fakeProtocol = {
  registerSchemesAsPrivileged: mock.fn((_schemes: unknown) => {
    log.push('protocol.registerSchemesAsPrivileged');
  }),
  handle: mock.fn((scheme: string, _handler: unknown) => {
    log.push(`protocol.handle ${scheme}`);
  }),
};
type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;
const permissionHandlers: { request?: PermissionRequestHandler; check?: PermissionCheckHandler } = {};
const fakeSession = {
  defaultSession: {
    setPermissionRequestHandler: (handler: PermissionRequestHandler) => {
      log.push('session.setPermissionRequestHandler');
      permissionHandlers.request = handler;
    },
    setPermissionCheckHandler: (handler: PermissionCheckHandler) => {
      log.push('session.setPermissionCheckHandler');
      permissionHandlers.check = handler;
    },
  },
};
const fakeDialog = { showErrorBox: mock.fn((_title: string, _content: string) => {}) };
const fakeShell = { openExternal: mock.fn((_url: string) => Promise.resolve()) };
const fakeUtilityProcess = {
  fork: (entry: string, args: readonly string[]) => {
    log.push('utilityProcess.fork');
    const child = new FakeChild(entry, args);
    forks.push(child);
    return child;
  },
};

mock.module('electron', {
  namedExports: {
    app: fakeApp,
    BrowserWindow: FakeBrowserWindow,
    dialog: fakeDialog,
    ipcMain: fakeIpcMain,
    MessageChannelMain: FakeMessageChannelMain,
    Menu: fakeMenu,
    nativeImage: fakeNativeImage,
    Tray: FakeTray,
    Notification: FakeNotification,
    protocol: fakeProtocol,
    session: fakeSession,
    shell: fakeShell,
    utilityProcess: fakeUtilityProcess,
  },
});
const { runDesktopApp } = await import('../../../main/electron/desktop-app.ts');

function resetFakes(): void {
  log.length = 0;
  forks.length = 0;
  FakeBrowserWindow.instances.length = 0;
  FakeTray.instances.length = 0;
  fakeMenu.setApplicationMenu.mock.resetCalls();
  fakeApp.reset();
  fakeIpcMain.removeAllListeners();
  fakeProtocol.registerSchemesAsPrivileged.mock.resetCalls();
  fakeProtocol.handle.mock.resetCalls();
  fakeDialog.showErrorBox.mock.resetCalls();
  fakeShell.openExternal.mock.resetCalls();
  delete permissionHandlers.request;
  delete permissionHandlers.check;
}

/** Resolves whenReady and lets the app's .then() callback run (it was registered first). */
async function becomeReady(): Promise<void> {
  fakeApp.ready.resolve();
  await fakeApp.ready.promise;
}

/** Lets pending promise reactions run (setImmediate is never mocked here). */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function theWindow(): FakeBrowserWindow {
  assert.equal(FakeBrowserWindow.instances.length, 1, 'exactly one window');
  const window = FakeBrowserWindow.instances[0];
  assert.ok(window);
  return window;
}

function theChild(): FakeChild {
  const child = forks.at(-1);
  assert.ok(child, 'the core must have been forked');
  return child;
}

function preventable(): { preventDefault: ReturnType<typeof mock.fn> } {
  return { preventDefault: mock.fn() };
}

/** Started app; the notifier's own connect to the core is checked, then cleared from `posted`. */
async function startedApp(): Promise<{ window: FakeBrowserWindow; child: FakeChild }> {
  runDesktopApp(PATHS);
  await becomeReady();
  const child = theChild();
  assert.deepEqual(child.posted, [{ type: 'connect' }], 'main connects its notifier to the core');
  child.posted.length = 0;
  return { window: theWindow(), child };
}

describe('runDesktopApp', () => {
  beforeEach(resetFakes);

  describe('when another instance holds the lock', () => {
    beforeEach(() => {
      fakeApp.lock = false;
    });

    it('quits, creating no window and forking no core', async () => {
      runDesktopApp(PATHS);
      assert.equal(fakeApp.requestSingleInstanceLock.mock.callCount(), 1);
      assert.equal(fakeApp.quit.mock.callCount(), 1);
      await becomeReady();
      await flush();
      assert.equal(FakeBrowserWindow.instances.length, 0);
      assert.equal(forks.length, 0);
      assert.equal(fakeProtocol.handle.mock.callCount(), 0);
    });

    it('installs no lifecycle handlers and no IPC', () => {
      runDesktopApp(PATHS);
      for (const event of ['second-instance', 'before-quit', 'window-all-closed', 'web-contents-created']) {
        assert.equal(fakeApp.listenerCount(event), 0, event);
      }
      assert.equal(fakeIpcMain.eventNames().length, 0);
    });

    it('still registers the app scheme first (registration must precede ready)', () => {
      runDesktopApp(PATHS);
      assert.deepEqual(log.slice(0, 3), [
        'app.enableSandbox',
        'protocol.registerSchemesAsPrivileged',
        'app.requestSingleInstanceLock',
      ]);
    });
  });

  describe('when it holds the lock', () => {
    it('registers the scheme synchronously but does nothing else before ready', async () => {
      runDesktopApp(PATHS);
      assert.equal(fakeProtocol.registerSchemesAsPrivileged.mock.callCount(), 1);
      await flush();
      assert.equal(fakeProtocol.handle.mock.callCount(), 0);
      assert.equal(forks.length, 0);
      assert.equal(FakeBrowserWindow.instances.length, 0);
      assert.equal(fakeApp.quit.mock.callCount(), 0);
    });

    it('sandboxes every renderer before anything else', () => {
      runDesktopApp(PATHS);
      assert.equal(fakeApp.enableSandbox.mock.callCount(), 1);
      assert.equal(log[0], 'app.enableSandbox');
    });

    it('guards all web contents before any is created', () => {
      runDesktopApp(PATHS);
      assert.equal(fakeApp.listenerCount('web-contents-created'), 1);
    });

    it('after ready: handles the app scheme, denies permissions, forks the core, creates one window', async () => {
      const { window, child } = await startedApp();
      assert.equal(fakeProtocol.handle.mock.callCount(), 1);
      assert.equal(fakeProtocol.handle.mock.calls[0]?.arguments[0], 'app');
      assert.ok(permissionHandlers.request && permissionHandlers.check, 'permission handlers on the default session');
      assert.equal(forks.length, 1);
      assert.equal(child.entry, PATHS.coreEntry);
      assert.deepEqual(child.args, ['--data-dir', path.join(USER_DATA, 'core')]);
      assert.equal(window.options.webPreferences?.preload, PATHS.preload);
      assert.equal(window.options.webPreferences?.sandbox, true);
      assert.deepEqual(window.loadedUrls, ['app://bundle/index.html']);
      assert.equal(fakeApp.quit.mock.callCount(), 0);
    });

    it('sets up the protocol and the permissions before the window exists', async () => {
      await startedApp();
      const windowAt = log.indexOf('new BrowserWindow');
      assert.ok(windowAt > log.indexOf('protocol.handle app'));
      assert.ok(windowAt > log.indexOf('session.setPermissionRequestHandler'));
      assert.ok(windowAt > log.indexOf('session.setPermissionCheckHandler'));
      assert.ok(log.indexOf('protocol.handle app') >= 0);
    });

    it('denies permission requests and checks on the default session', async () => {
      await startedApp();
      const callback = mock.fn((_granted: boolean) => {});
      permissionHandlers.request?.({}, 'media', callback);
      assert.deepEqual(callback.mock.calls[0]?.arguments, [false]);
      assert.equal(permissionHandlers.check?.({}, 'notifications'), false);
    });

    it('serves the bundle from the given renderer directory', async () => {
      await startedApp();
      const handler = fakeProtocol.handle.mock.calls[0]?.arguments[1] as (request: {
        url: string;
      }) => Promise<Response>;
      const response = await handler({ url: 'app://bundle/definitely-missing.html' });
      assert.equal(response.status, 404);
      assert.ok(response.headers.get('content-security-policy'));
    });

    it('listens for core:connect on ipcMain', async () => {
      await startedApp();
      assert.equal(fakeIpcMain.listenerCount('core:connect'), 1);
    });

    it("hands the window's main frame a port to the core on core:connect", async () => {
      const { window, child } = await startedApp();
      fakeIpcMain.emit('core:connect', { senderFrame: window.webContents.mainFrame });
      assert.deepEqual(child.posted, [{ type: 'connect' }]);
      assert.equal(window.webContents.postMessage.mock.callCount(), 1);
      assert.deepEqual(window.webContents.postMessage.mock.calls[0]?.arguments, [
        'core:port',
        null,
        [new FakePort('window')],
      ]);
    });

    it('refuses core:connect from a frame that is not the main frame', async (t) => {
      t.mock.method(console, 'warn', () => {});
      const { window, child } = await startedApp();
      fakeIpcMain.emit('core:connect', { senderFrame: { url: 'app://bundle/index.html', origin: 'app://bundle' } });
      assert.deepEqual(child.posted, []);
      assert.equal(window.webContents.postMessage.mock.callCount(), 0);
    });

    it('shows the window on ready-to-show', async () => {
      const { window } = await startedApp();
      assert.equal(window.show.mock.callCount(), 0);
      window.emit('ready-to-show');
      assert.equal(window.show.mock.callCount(), 1);
    });
  });

  describe('second-instance', () => {
    it('restores a minimized window and focuses it, without creating another', async () => {
      const { window } = await startedApp();
      window.minimized = true;
      fakeApp.emit('second-instance', {}, ['app', '--flag'], '/cwd');
      assert.equal(window.restore.mock.callCount(), 1);
      assert.equal(window.focus.mock.callCount(), 1);
      assert.equal(FakeBrowserWindow.instances.length, 1);
      assert.equal(forks.length, 1);
    });

    it('focuses a window that is not minimized without restoring it', async () => {
      const { window } = await startedApp();
      fakeApp.emit('second-instance', {}, [], '/cwd');
      assert.equal(window.restore.mock.callCount(), 0);
      assert.equal(window.focus.mock.callCount(), 1);
    });

    it('does nothing before the window exists or after it closed', async () => {
      runDesktopApp(PATHS);
      assert.doesNotThrow(() => fakeApp.emit('second-instance', {}, [], '/cwd'));
      await becomeReady();
      const window = theWindow();
      window.emit('closed');
      fakeApp.emit('second-instance', {}, [], '/cwd');
      assert.equal(window.focus.mock.callCount(), 0);
      assert.equal(FakeBrowserWindow.instances.length, 1, 'no new window is created');
    });
  });

  describe('quitting', () => {
    it('quits when all windows are closed', async () => {
      await startedApp();
      fakeApp.emit('window-all-closed');
      assert.equal(fakeApp.quit.mock.callCount(), 1);
    });

    it('before-quit: prevents the default once, stops the core, then quits again', async () => {
      const { child } = await startedApp();
      const first = preventable();
      fakeApp.emit('before-quit', first);
      assert.equal(first.preventDefault.mock.callCount(), 1);
      assert.deepEqual(child.posted, [{ type: 'shutdown' }]);
      await flush();
      assert.equal(fakeApp.quit.mock.callCount(), 0, 'waits for the core to exit');

      child.emit('exit', 0);
      await fakeApp.quitCalled.promise;
      assert.equal(fakeApp.quit.mock.callCount(), 1);
      assert.equal(child.kills, 0);

      // app.quit() fires before-quit again: this time it must go through.
      const second = preventable();
      fakeApp.emit('before-quit', second);
      assert.equal(second.preventDefault.mock.callCount(), 0);
      assert.deepEqual(child.posted, [{ type: 'shutdown' }], 'shutdown is sent once');
      assert.equal(forks.length, 1, 'the core is not restarted');
    });

    it('before-quit: kills a core that does not exit in time, then quits', async (t) => {
      t.mock.timers.enable({ apis: ['setTimeout'] });
      const { child } = await startedApp();
      fakeApp.emit('before-quit', preventable());
      t.mock.timers.tick(5000);
      assert.equal(child.kills, 1);
      await fakeApp.quitCalled.promise;
      assert.equal(fakeApp.quit.mock.callCount(), 1);
      child.emit('exit', null);
      t.mock.timers.tick(60_000);
      assert.equal(forks.length, 1, 'no restart while quitting');
    });

    it('before-quit before ready: quits without a core to stop', async () => {
      runDesktopApp(PATHS);
      const event = preventable();
      fakeApp.emit('before-quit', event);
      assert.equal(event.preventDefault.mock.callCount(), 1);
      await fakeApp.quitCalled.promise;
      assert.equal(fakeApp.quit.mock.callCount(), 1);
    });
  });

  describe('core supervision', () => {
    it('after a core crash, restarts it and hands the window a fresh port', async (t) => {
      t.mock.timers.enable({ apis: ['setTimeout'] });
      const { window, child } = await startedApp();
      child.emit('exit', 1);
      assert.equal(window.webContents.postMessage.mock.callCount(), 0);
      t.mock.timers.tick(500);
      assert.equal(forks.length, 2);
      const restarted = theChild();
      assert.deepEqual(restarted.posted, [{ type: 'connect' }, { type: 'connect' }], 'window and notifier reconnect');
      assert.equal(window.webContents.postMessage.mock.callCount(), 1);
      assert.equal(window.webContents.postMessage.mock.calls[0]?.arguments[0], 'core:port');
    });

    it('after a crash with the window closed, restarts the core but posts nothing', async (t) => {
      t.mock.timers.enable({ apis: ['setTimeout'] });
      const { window, child } = await startedApp();
      window.emit('closed');
      child.emit('exit', 1);
      t.mock.timers.tick(500);
      assert.equal(forks.length, 2);
      assert.deepEqual(theChild().posted, [{ type: 'connect' }], 'only the notifier reconnects');
      assert.equal(window.webContents.postMessage.mock.callCount(), 0);
    });

    it('shows an error box when the core reports a fatal failure', async () => {
      const { child } = await startedApp();
      child.emit('message', { type: 'failed', message: 'cannot open the database' });
      assert.equal(fakeDialog.showErrorBox.mock.callCount(), 1);
      assert.deepEqual(fakeDialog.showErrorBox.mock.calls[0]?.arguments, [
        'The messaging core stopped',
        'cannot open the database',
      ]);
    });

    it('shows an error box when the core keeps crashing', async (t) => {
      t.mock.timers.enable({ apis: ['setTimeout'] });
      await startedApp();
      for (const delay of [500, 1000, 2000, 5000, 10000]) {
        theChild().emit('exit', 1);
        t.mock.timers.tick(delay);
      }
      assert.equal(forks.length, 6);
      assert.equal(fakeDialog.showErrorBox.mock.callCount(), 0);
      theChild().emit('exit', 1);
      assert.equal(fakeDialog.showErrorBox.mock.callCount(), 1);
      assert.equal(fakeDialog.showErrorBox.mock.calls[0]?.arguments[0], 'The messaging core stopped');
    });
  });
});

describe('desktop integration', () => {
  beforeEach(resetFakes);
  const KEY = 'zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB';
  const LINK = `status-app://u#${KEY}`;
  const sentCommands = (window: FakeBrowserWindow) =>
    window.webContents.send.mock.calls.map((call) => call.arguments as unknown[]);
  const loaded = (window: FakeBrowserWindow) => {
    window.webContents.loading = false;
    window.webContents.emit('did-finish-load');
  };

  it('registers the app as the status-app:// protocol client, but not when another instance runs', () => {
    runDesktopApp(PATHS, ['/opt/app/waku-status']);
    assert.equal(fakeApp.setAsDefaultProtocolClient.mock.calls[0]?.arguments[0], 'status-app');
    resetFakes();
    fakeApp.lock = false;
    runDesktopApp(PATHS, ['/opt/app/waku-status']);
    assert.equal(fakeApp.setAsDefaultProtocolClient.mock.callCount(), 0);
  });

  it('a link on the command line opens Contacts with the key once the page has loaded', async () => {
    runDesktopApp(PATHS, ['/opt/app/waku-status', LINK]);
    await becomeReady();
    const window = theWindow();
    assert.deepEqual(sentCommands(window), [], 'nothing is sent to a page still loading');
    loaded(window);
    assert.deepEqual(sentCommands(window), [['app:command', { command: 'add-contact', chatKey: KEY }]]);
  });

  it('a link from a second instance is sent to the window, which comes to the front', async () => {
    const { window } = await startedApp();
    loaded(window);
    window.minimized = true;
    fakeApp.emit('second-instance', {}, ['/opt/app/waku-status', '--flag', `https://status.app/u/abc#${KEY}`], '/cwd');
    assert.equal(window.restore.mock.callCount(), 1);
    assert.deepEqual(sentCommands(window), [['app:command', { command: 'add-contact', chatKey: KEY }]]);
  });

  it('open-url (macOS) is handled, before ready too; hostile links are ignored', async () => {
    runDesktopApp(PATHS, []);
    const early = preventable();
    fakeApp.emit('open-url', early, LINK);
    assert.equal(early.preventDefault.mock.callCount(), 1);
    await becomeReady();
    const window = theWindow();
    loaded(window);
    assert.deepEqual(sentCommands(window), [['app:command', { command: 'add-contact', chatKey: KEY }]]);
    for (const url of ['status-app://u#nope', `javascript:alert(1)#${KEY}`, 'x'.repeat(100_000), '']) {
      fakeApp.emit('open-url', preventable(), url);
      fakeApp.emit('second-instance', {}, ['/opt/app', url], '/cwd');
    }
    assert.equal(sentCommands(window).length, 1);
  });

  it('installs the application menu, whose items send commands to the window', async () => {
    const { window } = await startedApp();
    loaded(window);
    assert.equal(fakeMenu.setApplicationMenu.mock.callCount(), 1);
    const menu = fakeMenu.setApplicationMenu.mock.calls[0]?.arguments[0] as {
      template: Array<{ label?: string; submenu?: Array<{ label?: string; click?: () => void }> }>;
    };
    const view = menu.template.find((m) => m.label === 'View');
    view?.submenu?.find((i) => i.label === 'Contacts')?.click?.();
    assert.deepEqual(sentCommands(window), [['app:command', { command: 'open-section', section: 'contacts' }]]);
  });

  it('creates one tray icon whose click shows the window', async () => {
    const { window } = await startedApp();
    assert.equal(FakeTray.instances.length, 1);
    assert.equal(FakeTray.instances[0]?.tooltip, '0 unread');
    window.visible = false;
    FakeTray.instances[0]?.emit('click');
    assert.equal(window.show.mock.callCount(), 1);
    assert.equal(window.focus.mock.callCount(), 1);
  });

  it('attaches the spell-check context menu to the window', async () => {
    const { window } = await startedApp();
    assert.equal(window.webContents.listenerCount('context-menu'), 1);
  });
});

describe('main.ts', () => {
  beforeEach(resetFakes);

  it('package.json "main" is the build output of main/electron/main.ts', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { main?: string };
    assert.equal(pkg.main, 'build/main/electron/main.js');
    assert.ok(fs.existsSync(path.join(REPO, 'main/electron/main.ts')));
  });

  it('main.ts is the only module that calls runDesktopApp', () => {
    const callers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(c|m)?tsx?$/.test(entry.name)) {
          const source = fs.readFileSync(full, 'utf8');
          if (/\brunDesktopApp\s*\(/.test(source.replace(/export function runDesktopApp\s*\(/, ''))) {
            callers.push(path.relative(REPO, full));
          }
        }
      }
    };
    walk(path.join(REPO, 'main'));
    assert.deepEqual(callers, [path.join('main', 'electron', 'main.ts')]);
  });

  it('importing main.ts runs the desktop app (registers the scheme, takes the lock)', async () => {
    fakeApp.lock = false;
    await import('../../../main/electron/main.ts');
    assert.equal(fakeProtocol.registerSchemesAsPrivileged.mock.callCount(), 1);
    const schemes = fakeProtocol.registerSchemesAsPrivileged.mock.calls[0]?.arguments[0] as Array<{ scheme: string }>;
    assert.equal(schemes[0]?.scheme, 'app');
    assert.equal(fakeApp.requestSingleInstanceLock.mock.callCount(), 1);
    assert.equal(fakeApp.quit.mock.callCount(), 1);
  });
});

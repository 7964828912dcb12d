// The only IPC channel: 'core:connect' from the top frame of our window showing our bundle
// gets a MessagePort to the core; any other sender gets nothing and opens no core session.
import { EventEmitter } from 'node:events';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { BrowserWindow, WebFrameMain } from 'electron';
import type { CoreHost } from '../../../main/electron/core-host.ts';

const fakeIpcMain = new EventEmitter();
const fakeProtocol = { registerSchemesAsPrivileged: mock.fn(), handle: mock.fn() };

mock.module('electron', { namedExports: { ipcMain: fakeIpcMain, protocol: fakeProtocol } });
const { IpcChannel, isTrustedFrame, sendCorePort, serveCorePorts } = await import(
  '../../../main/electron/core-port-ipc.ts'
);

interface FakeFrame {
  url: string;
  origin: string;
}

interface FakeWindow {
  destroyed: boolean;
  isDestroyed(): boolean;
  webContents: {
    mainFrame: FakeFrame;
    postMessage: ReturnType<typeof mock.fn>;
  };
}

function frame(url: string): FakeFrame {
  let origin = 'null';
  try {
    const parsed = new URL(url);
    // What Chromium reports for a frame (app:// is a registered standard scheme there).
    origin = ['app:', 'https:', 'http:'].includes(parsed.protocol) ? `${parsed.protocol}//${parsed.host}` : 'null';
  } catch {}
  return { url, origin };
}

function fakeWindow(mainFrameUrl = 'app://bundle/index.html'): FakeWindow {
  const window: FakeWindow = {
    destroyed: false,
    isDestroyed: () => window.destroyed,
    webContents: { mainFrame: frame(mainFrameUrl), postMessage: mock.fn() },
  };
  return window;
}

function asWindow(window: FakeWindow): BrowserWindow {
  return window as unknown as BrowserWindow;
}

function asFrame(value: FakeFrame | null | undefined): WebFrameMain | null | undefined {
  return value as unknown as WebFrameMain | null | undefined;
}

const PORT = { fake: 'port2' };

/** A CoreHost stand-in; null stands for a core that is not running (connect() → undefined). */
function fakeCore(port: object | null = PORT): { core: CoreHost; connect: ReturnType<typeof mock.fn> } {
  const connect = mock.fn(() => port ?? undefined);
  return { core: { connect } as unknown as CoreHost, connect };
}

function sendConnect(senderFrame: FakeFrame | null): void {
  fakeIpcMain.emit(IpcChannel.ConnectCore, { senderFrame, sender: {}, reply: mock.fn() });
}

describe('IpcChannel', () => {
  it('names the two channels the preload uses', () => {
    assert.equal(IpcChannel.ConnectCore, 'core:connect');
    assert.equal(IpcChannel.CorePort, 'core:port');
  });
});

describe('isTrustedFrame', () => {
  it('trusts the main frame of the window at app://bundle/index.html', () => {
    const window = fakeWindow();
    assert.equal(isTrustedFrame(asFrame(window.webContents.mainFrame), asWindow(window)), true);
  });

  for (const url of ['app://bundle/', 'app://bundle/index.html#/chats/abc', 'app://bundle/index.html?x=1']) {
    it(`trusts the main frame at ${url}`, () => {
      const window = fakeWindow(url);
      assert.equal(isTrustedFrame(asFrame(window.webContents.mainFrame), asWindow(window)), true);
    });
  }

  it('refuses a null or undefined frame', () => {
    const window = fakeWindow();
    assert.equal(isTrustedFrame(null, asWindow(window)), false);
    assert.equal(isTrustedFrame(undefined, asWindow(window)), false);
  });

  it('refuses a subframe even if it shows the bundle', () => {
    const window = fakeWindow();
    assert.equal(isTrustedFrame(asFrame(frame('app://bundle/index.html')), asWindow(window)), false);
  });

  it('refuses the main frame of a destroyed window', () => {
    const window = fakeWindow();
    window.destroyed = true;
    assert.equal(isTrustedFrame(asFrame(window.webContents.mainFrame), asWindow(window)), false);
  });

  for (const url of [
    'https://evil.example/',
    'https://bundle/index.html',
    'http://bundle/index.html',
    'file:///index.html',
    'file://bundle/index.html',
    'app://evil/index.html',
    'app://bundle.evil.example/index.html',
    'app://bundle:1234/index.html',
    'about:blank',
    'data:text/html,hi',
    'chrome-error://chromewebdata/',
    '',
    'not a url',
  ]) {
    it(`refuses the main frame when it shows ${JSON.stringify(url)}`, () => {
      const window = fakeWindow(url);
      assert.equal(isTrustedFrame(asFrame(window.webContents.mainFrame), asWindow(window)), false);
    });
  }
});

describe('serveCorePorts', () => {
  let window: FakeWindow;
  let connect: ReturnType<typeof mock.fn>;
  let warn: ReturnType<typeof mock.method>;

  beforeEach(() => {
    fakeIpcMain.removeAllListeners();
    window = fakeWindow();
    const fake = fakeCore();
    connect = fake.connect;
    serveCorePorts(() => asWindow(window), fake.core);
    warn = mock.method(console, 'warn', () => {});
  });

  afterEach(() => {
    warn.mock.restore();
  });

  function assertNothingSent(): void {
    assert.equal(connect.mock.callCount(), 0, 'core.connect must not be called');
    assert.equal(window.webContents.postMessage.mock.callCount(), 0, 'no port must be posted');
  }

  it('listens on core:connect only', () => {
    assert.deepEqual(fakeIpcMain.eventNames(), ['core:connect']);
    assert.equal(fakeIpcMain.listenerCount('core:connect'), 1);
  });

  it('posts a fresh port to the main frame of our window at app://bundle/index.html', () => {
    sendConnect(window.webContents.mainFrame);
    assert.equal(connect.mock.callCount(), 1);
    assert.equal(window.webContents.postMessage.mock.callCount(), 1);
    assert.deepEqual(window.webContents.postMessage.mock.calls[0]?.arguments, ['core:port', null, [PORT]]);
    assert.equal(warn.mock.callCount(), 0);
  });

  it('posts one port per request (a reloaded page asks again)', () => {
    sendConnect(window.webContents.mainFrame);
    sendConnect(window.webContents.mainFrame);
    assert.equal(connect.mock.callCount(), 2);
    assert.equal(window.webContents.postMessage.mock.callCount(), 2);
  });

  it('ignores a subframe, even one showing the bundle', () => {
    sendConnect(frame('app://bundle/index.html'));
    assertNothingSent();
    assert.equal(warn.mock.callCount(), 1);
  });

  for (const url of [
    'https://evil.example/',
    'file:///index.html',
    'file:///work/build/renderer/index.html',
    'app://evil/index.html',
    'about:blank',
  ]) {
    it(`ignores the main frame when it shows ${url}`, () => {
      window.webContents.mainFrame.url = url;
      sendConnect(window.webContents.mainFrame);
      assertNothingSent();
      assert.equal(warn.mock.callCount(), 1);
    });
  }

  it('ignores a request from a destroyed window', () => {
    window.destroyed = true;
    sendConnect(window.webContents.mainFrame);
    assertNothingSent();
  });

  it('ignores a request with a null senderFrame', () => {
    sendConnect(null);
    assertNothingSent();
    assert.equal(warn.mock.callCount(), 1);
  });

  it('ignores a request when there is no window (yet or any more)', () => {
    fakeIpcMain.removeAllListeners();
    const fake = fakeCore();
    serveCorePorts(() => undefined, fake.core);
    sendConnect(window.webContents.mainFrame);
    assert.equal(fake.connect.mock.callCount(), 0);
    assert.equal(window.webContents.postMessage.mock.callCount(), 0);
  });

  it('asks getWindow on every request, so a replaced window is honoured', () => {
    fakeIpcMain.removeAllListeners();
    const fake = fakeCore();
    let current = fakeWindow();
    serveCorePorts(() => asWindow(current), fake.core);
    const old = current;
    current = fakeWindow();
    sendConnect(old.webContents.mainFrame);
    assert.equal(fake.connect.mock.callCount(), 0, "the old window's frame is not the current main frame");
    sendConnect(current.webContents.mainFrame);
    assert.equal(fake.connect.mock.callCount(), 1);
    assert.equal(current.webContents.postMessage.mock.callCount(), 1);
    assert.equal(old.webContents.postMessage.mock.callCount(), 0);
  });
});

describe('sendCorePort', () => {
  it('posts the port from core.connect on core:port and reports success', () => {
    const window = fakeWindow();
    const { core, connect } = fakeCore();
    assert.equal(sendCorePort(asWindow(window), core), true);
    assert.equal(connect.mock.callCount(), 1);
    assert.deepEqual(window.webContents.postMessage.mock.calls[0]?.arguments, ['core:port', null, [PORT]]);
  });

  it('posts nothing when the core is not running', () => {
    const window = fakeWindow();
    const { core } = fakeCore(null);
    assert.equal(sendCorePort(asWindow(window), core), false);
    assert.equal(window.webContents.postMessage.mock.callCount(), 0);
  });

  it('posts nothing to a destroyed window', () => {
    const window = fakeWindow();
    window.destroyed = true;
    const { core } = fakeCore();
    assert.equal(sendCorePort(asWindow(window), core), false);
    assert.equal(window.webContents.postMessage.mock.callCount(), 0);
  });
});

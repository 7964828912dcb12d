// createMainWindow: a sandboxed, isolated window without Node that loads the bundle from
// app://bundle/ and only shows itself once it has something to paint.
import { EventEmitter } from 'node:events';
import assert from 'node:assert/strict';
import { beforeEach, describe, it, mock } from 'node:test';
import type { BrowserWindowConstructorOptions } from 'electron';

class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly options: BrowserWindowConstructorOptions;
  readonly loadedUrls: string[] = [];
  shown = 0;

  constructor(options: BrowserWindowConstructorOptions) {
    super();
    this.options = options;
    FakeBrowserWindow.instances.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }

  show(): void {
    this.shown += 1;
  }
}

const fakeProtocol = { registerSchemesAsPrivileged: mock.fn(), handle: mock.fn() };

mock.module('electron', { namedExports: { BrowserWindow: FakeBrowserWindow, protocol: fakeProtocol } });
const { createMainWindow, SECURE_WEB_PREFERENCES } = await import('../../../main/electron/window.ts');

const PRELOAD = '/opt/app/build/main/electron/preload.cjs';

function createWindow(): FakeBrowserWindow {
  const window = createMainWindow(PRELOAD) as unknown as FakeBrowserWindow;
  assert.ok(window instanceof FakeBrowserWindow);
  return window;
}

describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.instances.length = 0;
  });

  it('creates exactly one BrowserWindow and returns it', () => {
    const window = createWindow();
    assert.equal(FakeBrowserWindow.instances.length, 1);
    assert.equal(FakeBrowserWindow.instances[0], window);
  });

  it('locks down webPreferences: sandbox, context isolation, no Node, web security, no webview', () => {
    const prefs = createWindow().options.webPreferences;
    assert.ok(prefs);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.preload, PRELOAD);
  });

  it('passes the exported SECURE_WEB_PREFERENCES unchanged (plus the preload)', () => {
    const prefs = createWindow().options.webPreferences;
    assert.deepEqual(prefs, { ...SECURE_WEB_PREFERENCES, preload: PRELOAD });
  });

  it('does not enable any option that weakens the sandbox', () => {
    const prefs = createWindow().options.webPreferences as Record<string, unknown>;
    for (const risky of ['enableBlinkFeatures', 'additionalArguments', 'disableDialogs', 'enableRemoteModule']) {
      assert.equal(prefs[risky], undefined, `${risky} must not be set`);
    }
  });

  it('loads the bundle from app://bundle/index.html, once', () => {
    const window = createWindow();
    assert.deepEqual(window.loadedUrls, ['app://bundle/index.html']);
  });

  it('starts hidden and shows on ready-to-show', () => {
    const window = createWindow();
    assert.equal(window.options.show, false);
    assert.equal(window.shown, 0, 'must not show before ready-to-show');
    window.emit('ready-to-show');
    assert.equal(window.shown, 1);
  });

  it('shows only once even if ready-to-show fires again', () => {
    const window = createWindow();
    window.emit('ready-to-show');
    window.emit('ready-to-show');
    assert.equal(window.shown, 1);
  });

  it('has a sensible size and title', () => {
    const { options } = createWindow();
    assert.equal(options.title, 'Waku Status Desktop');
    assert.ok((options.width ?? 0) >= (options.minWidth ?? 0));
    assert.ok((options.height ?? 0) >= (options.minHeight ?? 0));
    assert.ok((options.minWidth ?? 0) > 0 && (options.minHeight ?? 0) > 0);
  });
});

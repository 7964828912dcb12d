// The preload exposes no API: it only relays {type:'core:connect'} from the page to main and
// every 'core:port' from main to the page (with the port transferred, to our origin only).
import { EventEmitter } from 'node:events';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, beforeEach, describe, it, mock } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAppCommand } from '../../../shared/app-command.ts';

const PRELOAD = new URL('../../../main/electron/preload.cts', import.meta.url);

class FakeIpcRenderer extends EventEmitter {
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  invoke = mock.fn(() => Promise.resolve());
  sendSync = mock.fn();
}

class FakeWindow extends EventTarget {
  readonly location = { origin: 'app://bundle', href: 'app://bundle/index.html' };
  readonly posted: Array<{ message: unknown; targetOrigin: unknown; transfer: unknown }> = [];
  postMessage(message: unknown, targetOrigin?: unknown, transfer?: unknown): void {
    this.posted.push({ message, targetOrigin, transfer });
  }
}

const ipcRenderer = new FakeIpcRenderer();
const contextBridge = {
  exposeInMainWorld: mock.fn(),
  exposeInIsolatedWorld: mock.fn(),
};
const fakeWindow = new FakeWindow();
const globals = globalThis as unknown as { window?: unknown };

/** A message event as the page (or an iframe, or another window) would dispatch it. */
function messageEvent(data: unknown, source: unknown): Event {
  const event = new Event('message');
  Object.defineProperties(event, {
    data: { value: data },
    source: { value: source },
    origin: { value: 'app://bundle' },
  });
  return event;
}

function connectRequests(): number {
  return ipcRenderer.sent.filter((s) => s.channel === 'core:connect').length;
}

describe('preload.cts', () => {
  let previousWindow: unknown;
  let sentOnLoad: unknown[] = [];
  let postedOnLoad: unknown[] = [];

  before(() => {
    previousWindow = globals.window;
    globals.window = fakeWindow;
    mock.module('electron', { namedExports: { ipcRenderer, contextBridge } });
    createRequire(import.meta.url)(fileURLToPath(PRELOAD));
    sentOnLoad = [...ipcRenderer.sent];
    postedOnLoad = [...fakeWindow.posted];
  });

  after(() => {
    globals.window = previousWindow;
  });

  beforeEach(() => {
    ipcRenderer.sent.length = 0;
    fakeWindow.posted.length = 0;
  });

  it('is a CommonJS script (sandboxed preloads cannot be ES modules)', () => {
    const source = fs.readFileSync(PRELOAD, 'utf8');
    assert.match(source, /require\('electron'\)/);
    assert.doesNotMatch(source, /^\s*(import|export)\s/m);
  });

  it('exposes no API to the page', () => {
    assert.equal(contextBridge.exposeInMainWorld.mock.callCount(), 0);
    assert.equal(contextBridge.exposeInIsolatedWorld.mock.callCount(), 0);
    assert.doesNotMatch(fs.readFileSync(PRELOAD, 'utf8'), /contextBridge|exposeInMainWorld/);
  });

  it('listens only to core:port and app:command from main', () => {
    assert.deepEqual(ipcRenderer.eventNames(), ['core:port', 'app:command']);
    assert.equal(ipcRenderer.listenerCount('core:port'), 1);
    assert.equal(ipcRenderer.listenerCount('app:command'), 1);
  });

  it('sends nothing to main and posts nothing to the page on load', () => {
    assert.deepEqual(sentOnLoad, []);
    assert.deepEqual(postedOnLoad, []);
  });

  it("forwards the window's own {type:'core:connect'} to main as ipcRenderer.send('core:connect')", () => {
    fakeWindow.dispatchEvent(messageEvent({ type: 'core:connect' }, fakeWindow));
    assert.deepEqual(ipcRenderer.sent, [{ channel: 'core:connect', args: [] }]);
  });

  it('forwards every connect request (e.g. after a reload of the page)', () => {
    fakeWindow.dispatchEvent(messageEvent({ type: 'core:connect' }, fakeWindow));
    fakeWindow.dispatchEvent(messageEvent({ type: 'core:connect' }, fakeWindow));
    assert.equal(connectRequests(), 2);
  });

  it('ignores core:connect from other sources (iframes, other windows, workers, none)', () => {
    const iframe = new FakeWindow();
    for (const source of [iframe, null, undefined, {}, { postMessage() {} }]) {
      fakeWindow.dispatchEvent(messageEvent({ type: 'core:connect' }, source));
    }
    assert.equal(connectRequests(), 0);
  });

  it('ignores other message types and malformed data from the window itself', () => {
    for (const data of [
      null,
      undefined,
      'core:connect',
      42,
      [],
      {},
      { type: 'core:port' },
      { type: 'CORE:CONNECT' },
      { type: 'core:connect ' },
      { kind: 'core:connect' },
      { type: ['core:connect'] },
    ]) {
      fakeWindow.dispatchEvent(messageEvent(data, fakeWindow));
    }
    assert.equal(connectRequests(), 0);
    assert.deepEqual(ipcRenderer.sent, []);
  });

  it("posts each core:port from main to the page as {type:'core:port'}, to app://bundle only, transferring the ports", () => {
    const ports = [{ fake: 'MessagePort' }];
    ipcRenderer.emit('core:port', { ports, sender: ipcRenderer }, null);
    assert.equal(fakeWindow.posted.length, 1);
    const [posted] = fakeWindow.posted;
    assert.deepEqual(posted?.message, { type: 'core:port' });
    assert.equal(posted?.targetOrigin, 'app://bundle');
    assert.notEqual(posted?.targetOrigin, '*');
    assert.equal(posted?.transfer, ports);
  });

  it('relays a new port after a core restart too', () => {
    ipcRenderer.emit('core:port', { ports: [{ n: 1 }] });
    ipcRenderer.emit('core:port', { ports: [{ n: 2 }] });
    assert.deepEqual(
      fakeWindow.posted.map((p) => p.transfer),
      [[{ n: 1 }], [{ n: 2 }]],
    );
  });

  it('its own core:port message does not loop back into a connect request', () => {
    ipcRenderer.emit('core:port', { ports: [{}] });
    const [posted] = fakeWindow.posted;
    fakeWindow.dispatchEvent(messageEvent(posted?.message, fakeWindow));
    assert.equal(connectRequests(), 0);
  });

  it('never passes anything from main to the page other than the fixed message and the ports', () => {
    ipcRenderer.emit('core:port', { ports: [{}], secret: 'main-process-object' }, { injected: true });
    assert.deepEqual(fakeWindow.posted[0]?.message, { type: 'core:port' });
  });
});

describe('preload.cts app:command relay', () => {
  const KEY = 'zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB';
  const VALID = [
    { command: 'open-section', section: 'chats' },
    { command: 'open-section', section: 'node' },
    { command: 'new-chat' },
    { command: 'add-contact' },
    { command: 'add-contact', chatKey: KEY },
    { command: 'toggle-theme' },
    { command: 'show-shortcuts' },
  ];
  const HOSTILE: unknown[] = [
    null,
    undefined,
    'open-section',
    42,
    [],
    {},
    { command: 'open-section' },
    { command: 'open-section', section: 'settings' },
    { command: 'open-section', section: ['chats'] },
    { command: 'open-section', section: 'chats', extra: 1 },
    { command: 'open-section', section: 'chats', chatKey: KEY },
    { command: 'add-contact', chatKey: 'zQ3nope' },
    { command: 'add-contact', chatKey: `${KEY}<img src=x>` },
    { command: 'add-contact', chatKey: 42 },
    { command: 'add-contact', chatKey: KEY, section: 'contacts' },
    { command: 'new-chat', type: 'core:port' },
    { command: 'toggle-theme', section: 'chats' },
    { command: 'reload' },
    { command: 'NEW-CHAT' },
    { type: 'app:command', command: 'new-chat', html: '<b>' },
  ];

  let previousWindow: unknown;
  before(() => {
    // The preload reads the global window when it relays (the first suite restored it).
    previousWindow = globals.window;
    globals.window = fakeWindow;
  });
  after(() => {
    globals.window = previousWindow;
  });
  beforeEach(() => {
    fakeWindow.posted.length = 0;
    ipcRenderer.sent.length = 0;
  });

  for (const payload of VALID) {
    it(`posts ${JSON.stringify(payload)} to the page as an app:command, to app://bundle only`, () => {
      ipcRenderer.emit('app:command', { ports: [] }, payload);
      assert.equal(fakeWindow.posted.length, 1);
      const [posted] = fakeWindow.posted;
      assert.deepEqual(posted?.message, { type: 'app:command', ...payload });
      assert.equal(posted?.targetOrigin, 'app://bundle');
      assert.equal(posted?.transfer, undefined, 'no ports with commands');
      // The renderer's validator accepts exactly what the preload posts.
      assert.deepEqual(parseAppCommand(posted?.message), payload);
    });
  }

  it('drops every other shape (and the renderer would too)', () => {
    for (const payload of HOSTILE) {
      ipcRenderer.emit('app:command', { ports: [] }, payload);
      if (payload && typeof payload === 'object' && !Array.isArray(payload) && !('type' in payload)) {
        assert.equal(parseAppCommand({ ...payload, type: 'app:command' }), null, JSON.stringify(payload));
      }
    }
    assert.deepEqual(fakeWindow.posted, []);
  });

  it('an app:command the page posts itself is not sent to main', () => {
    fakeWindow.dispatchEvent(messageEvent({ type: 'app:command', command: 'new-chat' }, fakeWindow));
    assert.deepEqual(ipcRenderer.sent, []);
  });
});

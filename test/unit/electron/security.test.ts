// App-wide guards: every web contents (present or future) refuses navigation, redirects,
// webviews and new windows; https links go to the user's browser; all permissions denied.
import { EventEmitter } from 'node:events';
import assert from 'node:assert/strict';
import { beforeEach, describe, it, mock } from 'node:test';
import type { Session } from 'electron';

type OpenHandler = (details: { url: string }) => { action: string };
type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin?: string, details?: unknown) => boolean;

class FakeWebContents extends EventEmitter {
  openHandler: OpenHandler | undefined;
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
}

const fakeApp = new EventEmitter();
const fakeShell = { openExternal: mock.fn((_url: string) => Promise.resolve()) };

mock.module('electron', { namedExports: { app: fakeApp, shell: fakeShell } });
const { guardAllWebContents, restrictPermissions, isSafeExternalUrl } = await import(
  '../../../main/electron/security.ts'
);

function preventableEvent(): { preventDefault: ReturnType<typeof mock.fn>; defaultPrevented: () => boolean } {
  const preventDefault = mock.fn();
  return { preventDefault, defaultPrevented: () => preventDefault.mock.callCount() > 0 };
}

function newGuardedContents(): FakeWebContents {
  const contents = new FakeWebContents();
  fakeApp.emit('web-contents-created', preventableEvent(), contents);
  return contents;
}

function openWindow(contents: FakeWebContents, url: string): { action: string } {
  assert.ok(contents.openHandler, 'a window open handler must be installed');
  return contents.openHandler({ url });
}

function openedExternally(): string[] {
  return fakeShell.openExternal.mock.calls.map((call) => call.arguments[0] as string);
}

describe('guardAllWebContents', () => {
  beforeEach(() => {
    fakeApp.removeAllListeners();
    fakeShell.openExternal.mock.resetCalls();
    guardAllWebContents();
  });

  it('listens for every web contents the app creates', () => {
    assert.equal(fakeApp.listenerCount('web-contents-created'), 1);
  });

  for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
    it(`prevents ${name}`, () => {
      const contents = newGuardedContents();
      const event = preventableEvent();
      contents.emit(name, event, 'https://evil.example/');
      assert.equal(event.preventDefault.mock.callCount(), 1);
    });
  }

  it('prevents navigation even back to the app bundle (the page never navigates)', () => {
    const contents = newGuardedContents();
    const event = preventableEvent();
    contents.emit('will-navigate', event, 'app://bundle/index.html');
    assert.ok(event.defaultPrevented());
  });

  it('guards web contents created later as well, each one independently', () => {
    const first = newGuardedContents();
    const second = newGuardedContents();
    for (const contents of [first, second]) {
      const event = preventableEvent();
      contents.emit('will-navigate', event, 'https://evil.example/');
      assert.ok(event.defaultPrevented());
      assert.deepEqual(openWindow(contents, 'https://example.org/'), { action: 'deny' });
    }
  });

  it('denies every new window and opens https links in the external browser', () => {
    const contents = newGuardedContents();
    assert.deepEqual(openWindow(contents, 'https://status.app/u/abc'), { action: 'deny' });
    assert.deepEqual(openedExternally(), ['https://status.app/u/abc']);
  });

  for (const url of [
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'file:///etc/passwd',
    'file://C:/Windows/System32/calc.exe',
    'http://example.org/',
    'app://bundle/index.html',
    'data:text/html,<script>alert(1)</script>',
    'smb://attacker/share',
    'ms-msdt:/id PCWDiagnostic',
    'mailto:someone@example.org',
    'about:blank',
    '',
    'not a url',
  ]) {
    it(`denies a window for ${JSON.stringify(url)} and never opens it externally`, () => {
      const contents = newGuardedContents();
      assert.deepEqual(openWindow(contents, url), { action: 'deny' });
      assert.deepEqual(openedExternally(), []);
    });
  }
});

describe('restrictPermissions', () => {
  function fakeSession(): {
    session: Session;
    request: () => PermissionRequestHandler;
    check: () => PermissionCheckHandler;
  } {
    let request: PermissionRequestHandler | undefined;
    let check: PermissionCheckHandler | undefined;
    const session = {
      setPermissionRequestHandler: (handler: PermissionRequestHandler) => {
        request = handler;
      },
      setPermissionCheckHandler: (handler: PermissionCheckHandler) => {
        check = handler;
      },
    };
    restrictPermissions(session as unknown as Session);
    return {
      session: session as unknown as Session,
      request: () => {
        assert.ok(request, 'a permission request handler must be installed');
        return request;
      },
      check: () => {
        assert.ok(check, 'a permission check handler must be installed');
        return check;
      },
    };
  }

  const PERMISSIONS = [
    'media',
    'notifications',
    'geolocation',
    'clipboard-read',
    'display-capture',
    'fullscreen',
    'midi',
    'midiSysex',
    'openExternal',
    'pointerLock',
    'hid',
    'serial',
    'usb',
    'fileSystem',
    'unknown',
  ];

  for (const permission of PERMISSIONS) {
    it(`calls back false for a ${permission} request, exactly once`, () => {
      const { request } = fakeSession();
      const callback = mock.fn((_granted: boolean) => {});
      request()({}, permission, callback, { requestingUrl: 'app://bundle/index.html' });
      assert.equal(callback.mock.callCount(), 1);
      assert.deepEqual(callback.mock.calls[0]?.arguments, [false]);
    });

    it(`answers false to a ${permission} check`, () => {
      const { check } = fakeSession();
      assert.equal(check()({}, permission, 'app://bundle', { requestingUrl: 'app://bundle/index.html' }), false);
    });
  }
});

describe('the clipboard write permission', () => {
  function handlers() {
    let request: PermissionRequestHandler | undefined;
    let check: PermissionCheckHandler | undefined;
    restrictPermissions({
      setPermissionRequestHandler: (handler: PermissionRequestHandler) => {
        request = handler;
      },
      setPermissionCheckHandler: (handler: PermissionCheckHandler) => {
        check = handler;
      },
    } as unknown as Session);
    assert.ok(request && check);
    return { request, check };
  }

  it('is granted to the app\'s own page only', () => {
    const { request, check } = handlers();
    for (const [url, expected] of [
      ['app://bundle/index.html', true],
      ['https://evil.example/', false],
      ['file:///etc/passwd', false],
      ['app://other/index.html', false],
      ['', false],
    ] as const) {
      const callback = mock.fn((_granted: boolean) => {});
      request({}, 'clipboard-sanitized-write', callback, { requestingUrl: url });
      assert.deepEqual(callback.mock.calls[0]?.arguments, [expected], url);
      assert.equal(check({}, 'clipboard-sanitized-write', '', { requestingUrl: url }), expected, url);
    }
  });
});

describe('isSafeExternalUrl', () => {
  const cases: Array<[string, boolean]> = [
    ['https://example.org/', true],
    ['https://status.app/u/zQ3sh', true],
    ['HTTPS://EXAMPLE.ORG/path?q=1#x', true],
    ['https://user:pass@example.org:8443/', true],
    ['http://example.org/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['app://bundle/index.html', false],
    ['data:text/html,hi', false],
    ['blob:https://example.org/uuid', false],
    ['ftp://example.org/', false],
    ['mailto:a@b.c', false],
    ['//example.org/', false],
    ['/relative/path', false],
    ['https:', false],
    ['', false],
    ['not a url', false],
  ];
  for (const [url, expected] of cases) {
    it(`${JSON.stringify(url)} → ${expected}`, () => {
      assert.equal(isSafeExternalUrl(url), expected);
    });
  }
});

// The app:// protocol: maps app://bundle/<path> into the renderer bundle and nowhere else,
// and serves every response (including 404s) with the app's CSP.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it, mock } from 'node:test';

type ProtocolHandler = (request: { url: string }) => Promise<Response>;

const fakeProtocol = {
  registerSchemesAsPrivileged: mock.fn((_schemes: unknown[]) => {}),
  handle: mock.fn((_scheme: string, _handler: ProtocolHandler) => {}),
};

mock.module('electron', { namedExports: { protocol: fakeProtocol } });
const { APP_CSP } = await import('../../../main/electron/csp.ts');
const { APP_ORIGIN, APP_START_URL, handleAppScheme, registerAppScheme, resolveAppFile, serveAppFile } = await import(
  '../../../main/electron/app-protocol.ts'
);

const ROOT = path.resolve('/srv/app/build/renderer');

/** A path strictly inside root (not root itself), by path segments. */
function isInside(root: string, file: string, p: typeof path.posix = path): boolean {
  if (!file.startsWith(root + p.sep)) return false;
  return !file
    .slice(root.length + 1)
    .split(p.sep)
    .includes('..');
}

describe('app:// constants', () => {
  it('the start URL is app://bundle/index.html', () => {
    assert.equal(APP_ORIGIN, 'app://bundle');
    assert.equal(APP_START_URL, 'app://bundle/index.html');
  });
});

describe('resolveAppFile', () => {
  it('maps app://bundle/index.html to index.html in the root', () => {
    assert.equal(resolveAppFile(ROOT, 'app://bundle/index.html'), path.join(ROOT, 'index.html'));
  });

  it('maps app://bundle/ to index.html', () => {
    assert.equal(resolveAppFile(ROOT, 'app://bundle/'), path.join(ROOT, 'index.html'));
  });

  it('maps nested assets into the root', () => {
    assert.equal(
      resolveAppFile(ROOT, 'app://bundle/assets/index-abc123.js'),
      path.join(ROOT, 'assets', 'index-abc123.js'),
    );
  });

  it('ignores the query string and the fragment', () => {
    assert.equal(resolveAppFile(ROOT, 'app://bundle/index.html?x=1#/chat'), path.join(ROOT, 'index.html'));
  });

  it('decodes percent-encoded names', () => {
    assert.equal(
      resolveAppFile(ROOT, 'app://bundle/assets/my%20font.woff2'),
      path.join(ROOT, 'assets', 'my font.woff2'),
    );
  });

  it('accepts a relative root directory and resolves it', () => {
    assert.equal(
      resolveAppFile('build/renderer', 'app://bundle/index.html'),
      path.resolve('build/renderer', 'index.html'),
    );
  });

  for (const url of [
    'app://evil/index.html',
    'app://bundle.evil/index.html',
    'app://bundle:8080/index.html',
    'app:///index.html',
  ]) {
    it(`refuses another host: ${url}`, () => {
      assert.equal(resolveAppFile(ROOT, url), null);
    });
  }

  for (const url of [
    'https://bundle/index.html',
    'http://bundle/index.html',
    'file:///srv/app/build/renderer/index.html',
    'file://bundle/index.html',
    'apps://bundle/index.html',
    'data:text/html,hi',
    'javascript:alert(1)',
  ]) {
    it(`refuses another scheme: ${url}`, () => {
      assert.equal(resolveAppFile(ROOT, url), null);
    });
  }

  // Plain (and %2e-spelled) dot segments are folded by the URL parser itself and clamped at
  // the root, exactly as a browser does: they can only name files inside the bundle.
  for (const [url, inside] of [
    ['app://bundle/../../../etc/passwd', 'etc/passwd'],
    ['app://bundle/assets/../../secret.txt', 'secret.txt'],
    ['app://bundle/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd'],
    ['app://bundle/.%2e/.%2e/etc/passwd', 'etc/passwd'],
    ['app://bundle/assets/x.js%00/../../../etc/passwd', 'etc/passwd'],
  ] as const) {
    it(`keeps URL-level dot segments inside the root: ${url}`, () => {
      assert.equal(resolveAppFile(ROOT, url), path.join(ROOT, inside));
    });
  }

  // Encoded slashes survive URL parsing and become traversal after decoding: refused.
  for (const url of [
    'app://bundle/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://bundle/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://bundle/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://bundle/..%2f..%2f..%2fetc%2fpasswd',
    'app://bundle/.%2e%2f.%2e%2fetc%2fpasswd',
    'app://bundle/%2e%2e%2f',
    'app://bundle/assets%2f..%2f..%2fsecret.txt',
  ]) {
    it(`refuses path traversal: ${url}`, () => {
      assert.equal(resolveAppFile(ROOT, url), null);
    });
  }

  for (const url of [
    'app://bundle/index.html%00.png',
    'app://bundle/%00',
    'app://bundle/assets/x.js%00%2f..%2f..%2f..%2fetc%2fpasswd',
  ]) {
    it(`refuses null bytes: ${url}`, () => {
      assert.equal(resolveAppFile(ROOT, url), null);
    });
  }

  for (const url of ['app://bundle/%E0%A4%A', 'app://bundle/%', 'app://bundle/%zz', 'app://bundle/%C0%AF']) {
    it(`refuses malformed percent-encoding: ${url}`, () => {
      assert.equal(resolveAppFile(ROOT, url), null);
    });
  }

  for (const url of [
    '',
    'not a url',
    'app:',
    '://bundle/index.html',
    'app://[::1/index.html',
    'index.html',
    '/etc/passwd',
  ]) {
    it(`refuses a malformed URL: ${JSON.stringify(url)}`, () => {
      assert.equal(resolveAppFile(ROOT, url), null);
    });
  }

  // Absolute paths and (encoded) backslashes are either refused or kept inside the root: an
  // absolute path in the URL must never name a file outside the bundle.
  for (const url of [
    'app://bundle//etc/passwd',
    'app://bundle/%2fetc%2fpasswd',
    'app://bundle/%2F%2Fetc%2Fpasswd',
    'app://bundle/..%5c..%5c..%5cetc%5cpasswd',
    'app://bundle/%5c..%5c..%5cetc%5cpasswd',
    'app://bundle/assets%5c..%5c..%5c..%5csecret.txt',
    'app://bundle/C:%5cWindows%5cwin.ini',
    'app://bundle/%5c%5cserver%5cshare%5cx',
    'app://bundle/\\..\\..\\etc\\passwd',
  ]) {
    it(`never maps an absolute or backslash path outside the root: ${url}`, () => {
      const file = resolveAppFile(ROOT, url);
      assert.ok(file === null || isInside(ROOT, file), `${url} resolved to ${file}`);
      assert.notEqual(file, '/etc/passwd');
    });
  }

  it('never returns the root directory itself', () => {
    for (const url of [
      'app://bundle/.',
      'app://bundle/%2e',
      'app://bundle/assets/..',
      'app://bundle/assets/%2e%2e',
      'app://bundle/assets%2f..',
    ]) {
      const file = resolveAppFile(ROOT, url);
      assert.notEqual(file, ROOT, url);
      assert.ok(file === null || isInside(ROOT, file), `${url} resolved to ${file}`);
    }
  });

  it('refuses a sibling directory whose name starts with the root name', () => {
    // /srv/app/build/renderer-secrets must not pass a naive startsWith(root) check.
    assert.equal(resolveAppFile(ROOT, 'app://bundle/%2e%2e%2frenderer-secrets%2fkey.txt'), null);
    assert.equal(resolveAppFile(ROOT, 'app://bundle/..%2frenderer-secrets%2fkey.txt'), null);
  });
});

describe('resolveAppFile with Windows path semantics', () => {
  // Backslashes are separators on Windows: encoded ones must not escape the root there.
  const WIN_ROOT = 'C:\\Program Files\\Waku Status Desktop\\resources\\app.asar\\build\\renderer';
  let resolveWin: typeof resolveAppFile;
  let pathMock: ReturnType<typeof mock.module>;

  before(async () => {
    pathMock = mock.module('node:path', { defaultExport: path.win32, namedExports: { ...path.win32 } });
    // A fresh instance of the module (query string), linked against the mocked node:path.
    const specifier = '../../../main/electron/app-protocol.ts?win32';
    ({ resolveAppFile: resolveWin } = (await import(
      specifier
    )) as typeof import('../../../main/electron/app-protocol.ts'));
  });

  after(() => pathMock.restore());

  it('maps the start URL into the root', () => {
    assert.equal(resolveWin(WIN_ROOT, 'app://bundle/index.html'), `${WIN_ROOT}\\index.html`);
    assert.equal(resolveWin(WIN_ROOT, 'app://bundle/assets/x.js'), `${WIN_ROOT}\\assets\\x.js`);
  });

  for (const url of [
    'app://bundle/..%5c..%5c..%5cWindows%5cwin.ini',
    'app://bundle/%5c..%5c..%5cWindows%5cwin.ini',
    'app://bundle/assets%5c..%5c..%5csecret.txt',
    'app://bundle/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://bundle/C:%5cWindows%5cwin.ini',
    'app://bundle/%5c%5cattacker%5cshare%5cx.js',
    'app://bundle/%2e%2e%2fsecret.txt',
  ]) {
    it(`never escapes the root: ${url}`, () => {
      const file = resolveWin(WIN_ROOT, url);
      assert.ok(file === null || isInside(WIN_ROOT, file, path.win32), `${url} resolved to ${file}`);
    });
  }
});

describe('serveAppFile', () => {
  let root: string;
  const INDEX = '<!doctype html><title>app</title><script type="module" src="./assets/x.js"></script>';
  const SCRIPT = 'console.log("hello");\n';

  before(async () => {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'app-protocol-'));
    root = path.join(base, 'renderer');
    await fs.mkdir(path.join(root, 'assets'), { recursive: true });
    await fs.writeFile(path.join(root, 'index.html'), INDEX);
    await fs.writeFile(path.join(root, 'assets', 'x.js'), SCRIPT);
    await fs.writeFile(path.join(root, 'assets', 'style.CSS'), 'body{}');
    await fs.writeFile(path.join(root, 'assets', 'blob.bin'), new Uint8Array([0, 1, 2, 255]));
    // A file right next to the root that traversal attempts would like to reach.
    await fs.writeFile(path.join(base, 'secret.txt'), 'top secret');
  });

  after(async () => {
    await fs.rm(path.dirname(root), { recursive: true, force: true });
  });

  function assertSecurityHeaders(response: Response): void {
    assert.equal(response.headers.get('content-security-policy'), APP_CSP);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  }

  it('serves index.html with 200, text/html and the CSP', async () => {
    const response = await serveAppFile(root, 'app://bundle/index.html');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assertSecurityHeaders(response);
    assert.equal(await response.text(), INDEX);
  });

  it('serves index.html for app://bundle/', async () => {
    const response = await serveAppFile(root, 'app://bundle/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assertSecurityHeaders(response);
    assert.equal(await response.text(), INDEX);
  });

  it('serves assets/x.js with a JavaScript content type and the CSP', async () => {
    const response = await serveAppFile(root, 'app://bundle/assets/x.js');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assertSecurityHeaders(response);
    assert.equal(await response.text(), SCRIPT);
  });

  it('matches the extension case-insensitively', async () => {
    const response = await serveAppFile(root, 'app://bundle/assets/style.CSS');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/css; charset=utf-8');
  });

  it('serves unknown extensions as application/octet-stream, byte for byte', async () => {
    const response = await serveAppFile(root, 'app://bundle/assets/blob.bin');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    assertSecurityHeaders(response);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), new Uint8Array([0, 1, 2, 255]));
  });

  for (const url of [
    'app://bundle/missing.html',
    'app://bundle/assets/missing.js',
    'app://bundle/assets',
    'app://bundle/assets/',
  ]) {
    it(`answers 404 with the CSP for a missing file or a directory: ${url}`, async () => {
      const response = await serveAppFile(root, url);
      assert.equal(response.status, 404);
      assertSecurityHeaders(response);
    });
  }

  for (const url of [
    'app://bundle/../secret.txt',
    'app://bundle/%2e%2e/secret.txt',
    'app://bundle/%2e%2e%2fsecret.txt',
    'app://bundle/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://bundle/..%5csecret.txt',
    'app://bundle/secret.txt%00',
    'app://evil/index.html',
    'https://bundle/index.html',
    'not a url',
  ]) {
    it(`answers 404 with the CSP and no file content for ${url}`, async () => {
      const response = await serveAppFile(root, url);
      assert.equal(response.status, 404);
      assertSecurityHeaders(response);
      assert.doesNotMatch(await response.text(), /top secret/);
    });
  }
});

describe('APP_CSP', () => {
  const directives = new Map(
    APP_CSP.split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/);
        return [name, values] as const;
      }),
  );

  it("has default-src 'none'", () => {
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
  });

  it("has script-src 'self' only", () => {
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
  });

  it("has connect-src 'self' only: the renderer needs no network", () => {
    assert.deepEqual(directives.get('connect-src'), ["'self'"]);
  });

  it('allows no inline or eval code anywhere', () => {
    assert.doesNotMatch(APP_CSP, /'unsafe-inline'/);
    assert.doesNotMatch(APP_CSP, /'unsafe-eval'/);
    assert.doesNotMatch(APP_CSP, /'unsafe-hashes'/);
    assert.doesNotMatch(APP_CSP, /'wasm-unsafe-eval'/);
  });

  it('allows no remote origins or wildcards', () => {
    assert.doesNotMatch(APP_CSP, /https?:|wss?:|\*/);
  });

  it('forbids objects, framing, base and form targets', () => {
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
    assert.deepEqual(directives.get('form-action'), ["'none'"]);
  });

  it('names each directive only once', () => {
    assert.equal(directives.size, APP_CSP.split(';').filter((part) => part.trim()).length);
  });
});

describe('registerAppScheme / handleAppScheme', () => {
  beforeEach(() => {
    fakeProtocol.registerSchemesAsPrivileged.mock.resetCalls();
    fakeProtocol.handle.mock.resetCalls();
  });

  it('registers the app scheme as standard and secure', () => {
    registerAppScheme();
    assert.equal(fakeProtocol.registerSchemesAsPrivileged.mock.callCount(), 1);
    const schemes = fakeProtocol.registerSchemesAsPrivileged.mock.calls[0]?.arguments[0] as Array<{
      scheme: string;
      privileges?: Record<string, boolean>;
    }>;
    assert.equal(schemes.length, 1);
    const [entry] = schemes;
    assert.equal(entry?.scheme, 'app');
    assert.equal(entry?.privileges?.standard, true);
    assert.equal(entry?.privileges?.secure, true);
  });

  it('does not grant privileges that would weaken the CSP or the sandbox', () => {
    registerAppScheme();
    const schemes = fakeProtocol.registerSchemesAsPrivileged.mock.calls[0]?.arguments[0] as Array<{
      privileges?: Record<string, boolean>;
    }>;
    const privileges = schemes[0]?.privileges ?? {};
    assert.notEqual(privileges.bypassCSP, true);
    assert.notEqual(privileges.corsEnabled, true);
    assert.notEqual(privileges.allowServiceWorkers, true);
  });

  it('handles app:// requests by serving files from the given root', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'app-protocol-handle-'));
    try {
      await fs.writeFile(path.join(root, 'index.html'), '<p>hi</p>');
      handleAppScheme(root);
      assert.equal(fakeProtocol.handle.mock.callCount(), 1);
      const [scheme, handler] = fakeProtocol.handle.mock.calls[0]?.arguments ?? [];
      assert.equal(scheme, 'app');
      assert.ok(handler);
      const ok = await handler({ url: 'app://bundle/index.html' });
      assert.equal(ok.status, 200);
      assert.equal(await ok.text(), '<p>hi</p>');
      assert.equal(ok.headers.get('content-security-policy'), APP_CSP);
      const missing = await handler({ url: 'app://bundle/../index.html' });
      assert.equal(missing.status, 200, 'the URL parser folds ../ at the root: still index.html');
      const refused = await handler({ url: 'app://bundle/%2e%2e%2findex.html' });
      assert.equal(refused.status, 404);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

// Serves the renderer bundle from app://bundle/ instead of file://, so the page has a real
// origin, a CSP header we control, and no access to the rest of the file system.
import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';
import { APP_CSP } from './csp.ts';

export { APP_HOST, APP_ORIGIN, APP_SCHEME, APP_START_URL } from './app-origin.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Maps an app:// URL to a file inside rootDir, or null for anything outside it. */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(root + path.sep) ? file : null;
}

export async function serveAppFile(rootDir: string, requestUrl: string): Promise<Response> {
  const file = resolveAppFile(rootDir, requestUrl);
  const headers = { 'content-security-policy': APP_CSP, 'x-content-type-options': 'nosniff' };
  if (!file) return new Response('not found', { status: 404, headers });
  try {
    const body = await fs.readFile(file);
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...headers, 'content-type': type } });
  } catch {
    return new Response('not found', { status: 404, headers });
  }
}

/** Must run once the app is ready. */
export function handleAppScheme(rootDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppFile(rootDir, request.url));
}

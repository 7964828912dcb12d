// App-wide guards applied to every web contents, present or future: no navigation away
// from the bundle, no new windows, no webviews, no permissions beyond the clipboard write.
import { app, type Session, shell } from 'electron';
import { isAppUrl } from './app-origin.ts';

export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links a user clicks (https only) open in their browser, never inside the app.
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

/** The only permission the app uses: writing a chat key to the clipboard (copy button). */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Denies every permission, except the few the app needs, and those only to its own pages. */
export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(GRANTED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl)),
  );
  session.setPermissionCheckHandler(
    (_contents, permission, _origin, details) => GRANTED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl),
  );
}

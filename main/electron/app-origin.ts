// Where the app's own pages live. Kept free of 'electron' imports so guards and tests can
// use it anywhere.
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * True for URLs of the app's own bundle. Compares scheme and host: Node's URL gives custom
 * schemes the origin "null", so origins cannot be compared.
 */
export function isAppUrl(url: string | undefined): boolean {
  try {
    const parsed = new URL(url ?? '');
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

// Where the built pieces live relative to this file (build/main/electron/ in development
// builds, app.asar/build/main/electron/ when packaged).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const appPaths = {
  preload: path.join(here, 'preload.cjs'),
  coreEntry: path.join(here, '..', 'core', 'utility-entry.js'),
  rendererDir: path.join(here, '..', '..', 'renderer'),
} as const;

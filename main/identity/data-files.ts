// The status-go data lists the visual identity is built from (word lists, emoji list).
// The word lists sit in ./data next to this module; the emoji list sits in shared/data
// because the renderer's emoji picker bundles the very same file (one copy in the repo).
// Both keep their place relative to this module in build/ (build:main copies them), so the
// packaged app finds them inside its asar archive.
import { readFileSync } from 'node:fs';
import { IdentityError } from './errors.ts';

/** The directories the data lists are read from. */
export const DATA_DIRS = {
  identity: new URL('./data/', import.meta.url),
  shared: new URL('../../shared/data/', import.meta.url),
} as const;

/** The non-empty lines of a data file, which must number exactly `expectedLines`. */
export function readDataLines(
  fileName: string,
  expectedLines: number,
  what: string,
  dir: keyof typeof DATA_DIRS = 'identity',
): string[] {
  let text: string;
  try {
    text = readFileSync(new URL(fileName, DATA_DIRS[dir]), 'utf8');
  } catch (cause) {
    throw new IdentityError('DATA_UNAVAILABLE', `Cannot read ${what} (${fileName}).`, { cause });
  }
  // Only line breaks are stripped: variation selectors and joiners are part of an emoji.
  const lines = text.split(/\r?\n/u).filter((line) => line !== '');
  if (lines.length !== expectedLines) {
    throw new IdentityError('DATA_UNAVAILABLE', `${what} (${fileName}) has ${lines.length} lines instead of ${expectedLines}.`);
  }
  return lines;
}

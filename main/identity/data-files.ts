// The status-go data lists the visual identity is built from (word lists, emoji list).
// They sit in ./data next to this module, in the sources and in build/ alike (build:main
// copies them), so the packaged app finds them inside its asar archive.
import { readFileSync } from 'node:fs';
import { IdentityError } from './errors.ts';

const DATA_DIR = new URL('./data/', import.meta.url);

/** The non-empty lines of a data file, which must number exactly `expectedLines`. */
export function readDataLines(fileName: string, expectedLines: number, what: string): string[] {
  let text: string;
  try {
    text = readFileSync(new URL(fileName, DATA_DIR), 'utf8');
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

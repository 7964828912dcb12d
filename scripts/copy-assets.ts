// Copies the non-code files the compiled core reads at run time next to its build output.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ASSET_DIRS = ['main/identity/data', 'shared/data', 'gen/proto'];

for (const dir of ASSET_DIRS) {
  fs.cpSync(path.join(root, dir), path.join(root, 'build', dir), { recursive: true });
}
process.stdout.write(`copy-assets: ${ASSET_DIRS.join(', ')} → build/\n`);

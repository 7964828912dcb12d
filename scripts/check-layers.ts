import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTree } from './layers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const violations = checkTree(root);
for (const v of violations) process.stderr.write(`${v.file}: imports ${JSON.stringify(v.specifier)}: ${v.rule}\n`);
if (violations.length > 0) process.exit(1);
process.stdout.write('layers: ok\n');

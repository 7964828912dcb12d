// Generates code for the Status protobufs in proto/ (static protobufjs module + typings)
// into gen/proto/. Nothing is generated while proto/ holds no .proto file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const protoDir = path.join(root, 'proto');
const outDir = path.join(root, 'gen', 'proto');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

const sources = fs.existsSync(protoDir)
  ? fs
      .readdirSync(protoDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.proto'))
      .sort()
      .map((file) => path.join(protoDir, file))
  : [];

if (sources.length === 0) {
  process.stdout.write('gen-proto: no .proto files in proto/, nothing to generate\n');
} else {
  fs.mkdirSync(outDir, { recursive: true });
  const js = path.join(outDir, 'status.js');
  execFileSync(bin('pbjs'), ['-t', 'static-module', '-w', 'es6', '--es6', '--force-long', '-p', protoDir, '-o', js, ...sources], {
    stdio: 'inherit',
  });
  execFileSync(bin('pbts'), ['-o', path.join(outDir, 'status.d.ts'), js], { stdio: 'inherit' });
  process.stdout.write(`gen-proto: ${sources.length} file(s) → ${path.relative(root, outDir)}\n`);
}

// Generates the static protobufjs module for the Status protobufs in proto/ into
// gen/proto/status.js (ES module) + gen/proto/status.d.ts. gen/ is git-ignored; the app imports
// the generated code only through main/wire/proto.ts.
//
//   node scripts/gen-proto.ts            regenerate when a .proto (or this script) is newer than the output
//   node scripts/gen-proto.ts --force    always regenerate
//   node scripts/gen-proto.ts --check-upstream <dir>
//        compare every message and enum in proto/ with a status-go tree (a checkout, or a directory
//        holding protocol/protobuf/*.proto, protocol/encryption/protocol_message.proto and
//        vendor/github.com/status-im/mvds/protobuf/sync.proto): field names, numbers, types, labels,
//        map keys, oneofs, options, reserved ranges and enum values must all match. Exit 1 on drift.
//
// 64-bit integers (decision): generated with --force-long, so every uint64/int64 field is typed and
// decoded as a `Long` (from the `long` package, a hard dependency of protobufjs 8, resolved by
// protobufjs itself). Plain JS numbers would silently lose precision above 2^53 (Lamport clocks,
// ns timestamps, chain ids and hostile input can all exceed it); bigint is not supported by the
// protobufjs reader/writer (a bigint handed to the writer is even encoded as 0). main/wire/proto.ts
// converts between Long and bigint (`toBigInt`, `u64`, `i64`) and refuses at import time to run
// if protobufjs came up without Long support.
//
// Field names are camelCased by protobufjs (chat_id → chatId); that changes nothing on the wire.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobufjs from 'protobufjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const protoDir = path.join(root, 'proto');
const outDir = path.join(root, 'gen', 'proto');
const outJs = path.join(outDir, 'status.js');
const outDts = path.join(outDir, 'status.d.ts');
const selfPath = fileURLToPath(import.meta.url);
const force = process.argv.includes('--force');
const upstreamFlag = process.argv.indexOf('--check-upstream');

// The CLIs are run with the Node that runs this script (node_modules/.bin/node: Node 22).
const cli = (name: string) => path.join(root, 'node_modules', 'protobufjs-cli', 'bin', name);

const sources = fs.existsSync(protoDir)
  ? fs
      .readdirSync(protoDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.proto'))
      .sort()
      .map((file) => path.join(protoDir, file))
  : [];

function upToDate(): boolean {
  if (force || !fs.existsSync(outJs) || !fs.existsSync(outDts)) return false;
  const built = Math.min(fs.statSync(outJs).mtimeMs, fs.statSync(outDts).mtimeMs);
  return [...sources, selfPath, protoDir].every((file) => fs.statSync(file).mtimeMs <= built);
}

function loadRoot(dir: string, files: string[]): protobufjs.Root {
  const schema = new protobufjs.Root();
  schema.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(dir, target));
  schema.loadSync(
    files.map((file) => path.join(dir, file)),
    { keepCase: true },
  );
  schema.resolveAll();
  return schema;
}

function fieldSignature(field: protobufjs.Field): string {
  const type = field.resolvedType ? field.resolvedType.fullName : field.type;
  const keyType = field instanceof protobufjs.MapField ? field.keyType : '';
  return [
    field.name,
    field.id,
    field.rule ?? '',
    keyType,
    type,
    field.partOf?.name ?? '',
    JSON.stringify(field.options ?? {}),
  ].join(':');
}

/** Differences between our schema and status-go's, one line each. */
function compareWithUpstream(upstreamDir: string): string[] {
  const list = (dir: string) => fs.readdirSync(dir).filter((file) => file.endsWith('.proto'));
  const appDir = path.join(upstreamDir, 'protocol', 'protobuf');
  const encryptionDir = path.join(upstreamDir, 'protocol', 'encryption');
  const mvdsDir = path.join(upstreamDir, 'vendor', 'github.com', 'status-im', 'mvds', 'protobuf');
  const upstream = {
    protobuf: loadRoot(appDir, list(appDir)),
    encryption: loadRoot(encryptionDir, ['protocol_message.proto']),
    mvds: loadRoot(mvdsDir, ['sync.proto']),
  };
  const ours = loadRoot(
    protoDir,
    sources.map((file) => path.relative(protoDir, file)),
  );
  const problems: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const visit = (namespace: protobufjs.NamespaceBase) => {
    for (const item of namespace.nestedArray) {
      const name = item.fullName.slice(1);
      const packageName = name.split('.')[0] as keyof typeof upstream;
      const theirs = upstream[packageName]?.lookup(name);
      if (item instanceof protobufjs.Type) {
        if (!(theirs instanceof protobufjs.Type)) problems.push(`${name}: no such message upstream`);
        else {
          const mine = item.fieldsArray.map(fieldSignature).sort();
          const other = theirs.fieldsArray.map(fieldSignature).sort();
          if (!same(mine, other)) {
            problems.push(
              `${name}: fields differ: ours-only ${JSON.stringify(mine.filter((f) => !other.includes(f)))}, upstream-only ${JSON.stringify(other.filter((f) => !mine.includes(f)))}`,
            );
          }
          const oneofs = (type: protobufjs.Type) =>
            type.oneofsArray.map((oneof) => `${oneof.name}:${oneof.oneof.join(',')}`).sort();
          if (!same(oneofs(item), oneofs(theirs))) problems.push(`${name}: oneofs differ`);
          if (!same(item.reserved ?? [], theirs.reserved ?? [])) problems.push(`${name}: reserved differs`);
        }
      } else if (item instanceof protobufjs.Enum) {
        if (!(theirs instanceof protobufjs.Enum)) problems.push(`${name}: no such enum upstream`);
        else {
          const values = (e: protobufjs.Enum) => Object.entries(e.values).sort(([a], [b]) => a.localeCompare(b));
          if (!same(values(item), values(theirs))) problems.push(`${name}: enum values differ`);
          if (!same(item.reserved ?? [], theirs.reserved ?? [])) problems.push(`${name}: enum reserved differs`);
        }
      }
      if (item instanceof protobufjs.Namespace || item instanceof protobufjs.Type) visit(item);
    }
  };
  visit(ours);
  return problems;
}

if (upstreamFlag >= 0) {
  const upstreamDir = process.argv[upstreamFlag + 1];
  if (!upstreamDir) throw new Error('gen-proto: --check-upstream needs a directory');
  const problems = compareWithUpstream(path.resolve(upstreamDir));
  for (const problem of problems) process.stderr.write(`gen-proto: ${problem}\n`);
  process.stdout.write(`gen-proto: compared proto/ with ${upstreamDir}: ${problems.length} difference(s)\n`);
  process.exit(problems.length === 0 ? 0 : 1);
}

if (sources.length === 0) {
  process.stdout.write('gen-proto: no .proto files in proto/, nothing to generate\n');
} else if (upToDate()) {
  process.stdout.write(`gen-proto: ${path.relative(root, outDir)} is up to date\n`);
} else {
  fs.mkdirSync(outDir, { recursive: true });
  // Write to temporary names first so that an interrupted run never leaves a half-written module.
  const tmpJs = `${outJs}.tmp.js`;
  const tmpDts = `${outDts}.tmp`;
  const pbjsArgs = ['-t', 'static-module', '-w', 'es6', '--es6', '--force-long', '--no-service', '-p', protoDir];
  execFileSync(process.execPath, [cli('pbjs'), ...pbjsArgs, '-o', tmpJs, ...sources], { stdio: 'inherit' });
  execFileSync(process.execPath, [cli('pbts'), '-o', tmpDts, tmpJs], { stdio: 'inherit' });
  fs.renameSync(tmpJs, outJs);
  fs.renameSync(tmpDts, outDts);
  process.stdout.write(`gen-proto: ${sources.length} file(s) → ${path.relative(root, outDir)}/status.{js,d.ts}\n`);
}

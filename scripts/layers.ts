// The architecture's import rules, checked mechanically (npm run lint, and a unit test):
// only main/electron imports 'electron'; the renderer and shared/ import no Node; layers
// under main/ depend downwards only (application → reliability → encryption → transport;
// crypto, storage and identity below them all; core composes; cli and electron on top).
import fs from 'node:fs';
import path from 'node:path';

/** Higher ranks may import lower or equal ranks, never higher ones. */
export const LAYER_RANK: Record<string, number> = {
  crypto: 0,
  identity: 0,
  storage: 0,
  transport: 1,
  encryption: 2,
  reliability: 3,
  app: 4,
  core: 5,
  cli: 6,
  electron: 6,
};

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const IMPORT_PATTERN = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

export function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT_PATTERN)].map((match) => match[1] ?? '');
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || ['fs', 'path', 'crypto', 'os', 'child_process', 'http', 'net'].includes(specifier);
}

/** `file` and the result are repo-relative with forward slashes. */
export function checkFile(file: string, source: string): Violation[] {
  const violations: Violation[] = [];
  const area = file.split('/');
  for (const specifier of importsOf(source)) {
    const flag = (rule: string) => violations.push({ file, specifier, rule });
    const target = specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) : null;
    if (specifier === 'electron' && !file.startsWith('main/electron/')) flag("only main/electron/ may import 'electron'");
    if (area[0] === 'renderer') {
      if (isNodeBuiltin(specifier)) flag('the renderer may not import Node built-ins');
      if (target?.startsWith('main/')) flag('the renderer may not import main/');
    }
    if (area[0] === 'shared') {
      if (isNodeBuiltin(specifier) || specifier === 'electron') flag('shared/ must run in any environment');
      if (target && !target.startsWith('shared/')) flag('shared/ may import only shared/');
    }
    if (area[0] === 'main' && target) {
      if (target.startsWith('renderer/')) flag('main/ may not import the renderer');
      const from = LAYER_RANK[area[1] ?? ''];
      const to = target.startsWith('main/') ? LAYER_RANK[target.split('/')[1] ?? ''] : undefined;
      if (from !== undefined && to !== undefined && to > from) {
        flag(`main/${area[1]} may not depend on main/${target.split('/')[1]} (dependencies point down the stack)`);
      }
    }
  }
  return violations;
}

export function listSources(root: string, dirs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|tsx|cts|mts)$/.test(entry.name)) files.push(rel);
    }
  };
  for (const dir of dirs) if (fs.existsSync(path.join(root, dir))) walk(dir);
  return files;
}

export function checkTree(root: string): Violation[] {
  return listSources(root, ['main', 'shared', 'renderer/src']).flatMap((file) =>
    checkFile(file, fs.readFileSync(path.join(root, file), 'utf8')),
  );
}

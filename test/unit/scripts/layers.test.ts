import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFile, checkTree, importsOf } from '../../../scripts/layers.ts';
import { REPO_ROOT } from '../../helpers/headless-process.ts';

test('the repository follows its layering rules', () => {
  assert.deepEqual(checkTree(REPO_ROOT), []);
});

test('import specifiers are found in every syntax', () => {
  const source = `import a from 'x';\nimport { b } from "./y.ts";\nimport 'side';\nconst c = await import('z');\nconst d = require('w');\nexport * from './v.ts';`;
  assert.deepEqual(importsOf(source), ['x', './y.ts', 'side', 'z', 'w', './v.ts']);
});

test('violations are reported', () => {
  const rules = (file: string, source: string) => checkFile(file, source).map((v) => v.rule);
  assert.equal(rules('main/core/core.ts', "import { app } from 'electron';").length, 1);
  assert.equal(rules('main/electron/window.ts', "import { app } from 'electron';").length, 0);
  assert.equal(rules('renderer/src/x.ts', "import fs from 'node:fs';").length, 1);
  assert.equal(rules('renderer/src/x.ts', "import { Core } from '../../main/core/core.ts';").length, 1);
  assert.equal(rules('shared/x.ts', "import fs from 'node:fs';").length, 1);
  assert.equal(rules('shared/x.ts', "import { Core } from '../main/core/core.ts';").length, 1);
  assert.equal(rules('main/transport/relay.ts', "import { chat } from '../app/chat.ts';").length, 1);
  assert.equal(rules('main/storage/db.ts', "import { relay } from '../transport/relay.ts';").length, 1);
  assert.equal(rules('main/app/chat.ts', "import { relay } from '../transport/relay.ts';").length, 0);
  assert.equal(rules('main/core/core.ts', "import { chat } from '../app/chat.ts';").length, 0);
});

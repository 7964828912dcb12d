// electron-builder.yml checked offline against electron-builder's own JSON schema, plus the
// security-relevant settings (fuses, asar) and the targets we ship.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';

const require = createRequire(import.meta.url);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface DebugLoggerLike {
  readonly isEnabled: boolean;
}
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, logger: DebugLoggerLike) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled?: boolean) => DebugLoggerLike };
const yaml = require('js-yaml') as { load: (text: string) => unknown };
const schema = require('app-builder-lib/scheme.json') as {
  definitions: Record<string, { properties?: Record<string, { type?: unknown }> }>;
};

type Config = Record<string, unknown> & {
  asar?: unknown;
  asarUnpack?: unknown;
  electronFuses?: Record<string, unknown>;
  linux?: { target?: unknown };
  mac?: { target?: unknown };
  win?: { target?: unknown };
};

function loadConfig(): Config {
  const config = yaml.load(fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8'));
  assert.ok(config && typeof config === 'object' && !Array.isArray(config), 'the config is a mapping');
  return config as Config;
}

function validate(config: unknown): Promise<void> {
  // validateConfiguration may normalise the object it gets: always hand it a copy.
  return validateConfiguration(structuredClone(config), new DebugLogger(false));
}

/** Target names, whether written as strings or as {target: name} objects. */
function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : target === undefined ? [] : [target];
  return list.map((entry) => (typeof entry === 'string' ? entry : String((entry as { target?: unknown }).target)));
}

describe('electron-builder.yml', () => {
  let config: Config;

  before(() => {
    config = loadConfig();
  });

  describe('schema', () => {
    it("validates against electron-builder's own schema", async () => {
      await assert.doesNotReject(validate(config));
    });

    it('rejects asar: "yes"', async () => {
      await assert.rejects(validate({ ...config, asar: 'yes' }), /asar/);
    });

    it('rejects an unknown top-level key', async () => {
      await assert.rejects(validate({ ...config, notAnElectronBuilderOption: true }), /notAnElectronBuilderOption/);
    });

    it('rejects an unknown fuse', async () => {
      await assert.rejects(
        validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodeee: false } }),
        /electronFuses/,
      );
    });

    it('rejects a fuse that is not a boolean', async () => {
      // (The validator coerces 'false' and 0/1 to booleans, hence the explicit typeof checks below.)
      await assert.rejects(
        validate({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'yes' } }),
        /runAsNode/,
      );
    });
  });

  describe('fuses', () => {
    const fuseNames = (): string[] => {
      const fuses = schema.definitions.FuseOptionsV1?.properties;
      assert.ok(fuses, 'scheme.json defines FuseOptionsV1');
      return Object.keys(fuses).filter((name) => name !== 'resetAdHocDarwinSignature');
    };

    it('the schema knows the fuses this test relies on', () => {
      for (const name of [
        'runAsNode',
        'enableNodeOptionsEnvironmentVariable',
        'enableNodeCliInspectArguments',
        'enableEmbeddedAsarIntegrityValidation',
        'onlyLoadAppFromAsar',
      ]) {
        assert.ok(fuseNames().includes(name), name);
      }
    });

    it('sets every fuse of FuseOptionsV1 explicitly, as a boolean', () => {
      const fuses = config.electronFuses;
      assert.ok(fuses, 'electronFuses is set');
      for (const name of fuseNames()) {
        assert.equal(typeof fuses[name], 'boolean', `fuse ${name} must be set explicitly`);
      }
    });

    it('locks down the Node entry points and the app code', () => {
      assert.deepEqual(
        {
          runAsNode: config.electronFuses?.runAsNode,
          enableNodeOptionsEnvironmentVariable: config.electronFuses?.enableNodeOptionsEnvironmentVariable,
          enableNodeCliInspectArguments: config.electronFuses?.enableNodeCliInspectArguments,
          enableEmbeddedAsarIntegrityValidation: config.electronFuses?.enableEmbeddedAsarIntegrityValidation,
          onlyLoadAppFromAsar: config.electronFuses?.onlyLoadAppFromAsar,
        },
        {
          runAsNode: false,
          enableNodeOptionsEnvironmentVariable: false,
          enableNodeCliInspectArguments: false,
          enableEmbeddedAsarIntegrityValidation: true,
          onlyLoadAppFromAsar: true,
        },
      );
    });

    it('grants file:// no extra privileges (the bundle is served from app://)', () => {
      assert.equal(config.electronFuses?.grantFileProtocolExtraPrivileges, false);
    });
  });

  describe('asar', () => {
    it('packs the app into an asar archive', () => {
      assert.equal(config.asar, true);
    });

    it('unpacks better-sqlite3-multiple-ciphers (native modules cannot load from asar)', () => {
      const unpack = config.asarUnpack;
      const patterns = Array.isArray(unpack) ? unpack : [unpack];
      const native = 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node';
      assert.ok(
        patterns.some((pattern) => typeof pattern === 'string' && path.posix.matchesGlob(native, pattern)),
        `asarUnpack ${JSON.stringify(unpack)} must cover ${native}`,
      );
      assert.ok(
        patterns.some((pattern) => typeof pattern === 'string' && pattern.includes('better-sqlite3-multiple-ciphers')),
      );
    });
  });

  describe('targets', () => {
    it('linux builds AppImage, deb and tar.gz', () => {
      const names = targetNames(config.linux?.target);
      for (const target of ['AppImage', 'deb', 'tar.gz']) assert.ok(names.includes(target), `linux target ${target}`);
    });

    it('mac builds a dmg', () => {
      assert.ok(targetNames(config.mac?.target).includes('dmg'));
    });

    it('windows builds an nsis installer', () => {
      assert.ok(targetNames(config.win?.target).includes('nsis'));
    });
  });

  describe('package.json', () => {
    it('"main" points at build/main/electron/main.js', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { main?: string };
      assert.equal(pkg.main, 'build/main/electron/main.js');
    });

    it('the packaged files include the entry, the preload and the renderer', () => {
      const files = (config.files ?? []) as string[];
      for (const file of [
        'package.json',
        'build/main/electron/main.js',
        'build/main/electron/preload.cjs',
        'build/main/core/utility-entry.js',
        'build/renderer/index.html',
      ]) {
        const included = files.some((pattern) => !pattern.startsWith('!') && path.posix.matchesGlob(file, pattern));
        const excluded = files.some(
          (pattern) => pattern.startsWith('!') && path.posix.matchesGlob(file, pattern.slice(1)),
        );
        assert.ok(included && !excluded, `${file} must be packaged`);
      }
    });
  });
});

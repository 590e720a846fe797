// The esbuild bundles really work as CommonJS: built into a temp dir, then loaded with Node's own
// require and the fake electron. Proves the import.meta.url shim finds the copied migrations, the
// version is inlined, the preload needs nothing but electron, and the bundled main serves a case.
import fs from 'node:fs';
import os from 'node:os';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRELOAD_ALLOWED_REQUIRES, buildElectron, bundleRequires, type BuildResult } from '../../../scripts/build-electron';
import * as fakeElectron from '../fakes/electron';
import { repoRoot, tempDir } from '../helpers';

const { APP_MAIN_FRAME, app, fake } = fakeElectron;
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };

let built: BuildResult;
// Not helpers.tempDir(): that is emptied after every test, and the bundles serve the whole file.
const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bundle-'));
let originalLoad: Loader;
const argv = process.argv;

beforeAll(async () => {
  built = await buildElectron(path.join(outRoot, 'dist'));
  // Node's require for the bundles: 'electron' is the fake; better-sqlite3 comes from the repo.
  originalLoad = moduleWithLoad._load;
  moduleWithLoad._load = function (request, parent, isMain) {
    if (request === 'electron') return fakeElectron;
    if (request === 'better-sqlite3') return originalLoad.call(this, requireFromRepo.resolve('better-sqlite3'), parent, isMain);
    return originalLoad.call(this, request, parent, isMain);
  };
}, 60_000);

afterAll(() => {
  moduleWithLoad._load = originalLoad;
  process.argv = argv;
  fs.rmSync(outRoot, { recursive: true, force: true });
});

describe('build:electron', () => {
  it('writes dist/main/app.cjs, dist/preload/index.cjs and the migrations', () => {
    expect(fs.existsSync(built.main)).toBe(true);
    expect(fs.existsSync(built.preload)).toBe(true);
    expect(built.main.endsWith(path.join('dist', 'main', 'app.cjs'))).toBe(true);
    expect(built.preload.endsWith(path.join('dist', 'preload', 'index.cjs'))).toBe(true);
    const source = fs.readdirSync(path.join(repoRoot, 'main/case/migrations')).filter((f) => f.endsWith('.sql')).sort();
    expect(built.migrations).toEqual(source);
    expect(fs.readdirSync(path.join(path.dirname(built.main), 'migrations')).sort()).toEqual(source);
  });

  it('writes the worker threads beside the main bundle, each needing only better-sqlite3 and Node built-ins', () => {
    // main/ingest/workers.ts looks for <name>.cjs beside the bundle.
    for (const name of ['import-worker', 'parse-worker', 'read-worker', 'remove-worker', 'collect-worker', 'report-worker']) {
      const file = path.join(path.dirname(built.main), `${name}.cjs`);
      expect(fs.existsSync(file), name).toBe(true);
      const external = bundleRequires(fs.readFileSync(file, 'utf8')).filter((r) => !r.startsWith('node:') && !Module.isBuiltin(r));
      expect(external.filter((r) => r !== 'better-sqlite3'), name).toEqual([]);
    }
  });

  it('the sandboxed preload requires nothing but electron', () => {
    expect(bundleRequires(fs.readFileSync(built.preload, 'utf8'))).toEqual(PRELOAD_ALLOWED_REQUIRES);
  });

  it('the main bundle requires only electron, better-sqlite3 and Node built-ins; no import.meta left', () => {
    const code = fs.readFileSync(built.main, 'utf8');
    const external = bundleRequires(code).filter((r) => !r.startsWith('node:') && !Module.isBuiltin(r));
    expect(external).toEqual(['better-sqlite3', 'electron']);
    expect(code).not.toMatch(/import\.meta/);
    expect(code).not.toMatch(/require\([^)]*package\.json/);
  });

  it('the preload bundle exposes the bridge when loaded by Node require', () => {
    fake.reset();
    createRequire(built.preload)(built.preload);
    const bridge = fake.exposed.get('sightline') as Record<string, unknown>;
    expect(typeof bridge['case.current']).toBe('function');
    expect(typeof bridge.on).toBe('function');
  });

  it('the main bundle starts, finds its migrations and serves a case over IPC', async () => {
    fake.reset();
    const casePath = path.join(tempDir(), 'bundled.sightline');
    process.argv = ['/usr/bin/electron', built.main, casePath];
    createRequire(built.main)(built.main);
    await app.becomeReady();
    const info = (await fake.invokeMain('sightline:app.info', APP_MAIN_FRAME)) as { ok: boolean; value: { version: string } };
    expect(info).toEqual({ ok: true, value: { version: requireFromRepo('./package.json').version, mode: 'electron', nativeDialogs: true } });
    expect(await fake.invokeMain('sightline:case.current', APP_MAIN_FRAME)).toMatchObject({ ok: true, value: { path: casePath, signIns: 0 } });
    // The app:// handler points at dist/renderer beside the bundle.
    const handler = fake.protocolHandlers.get('app')!;
    fs.mkdirSync(path.join(path.dirname(built.main), '..', 'renderer'), { recursive: true });
    fs.writeFileSync(path.join(path.dirname(built.main), '..', 'renderer', 'index.html'), '<p>bundled</p>');
    const res = await handler(new Request('app://sightline/index.html'));
    expect(await res.text()).toBe('<p>bundled</p>');
    app.emit('will-quit');
  });
});

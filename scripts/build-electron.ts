// Bundles the Electron side: main/app/main.ts -> dist/main/app.cjs and preload/index.ts ->
// dist/preload/index.cjs, and copies the SQL migrations beside the main bundle.
//
// import.meta.url in a CJS bundle: main/case/db.ts finds its migrations with
// `new URL('./migrations/', import.meta.url)`. esbuild leaves import.meta empty in CJS output, so
// `define` swaps it for a variable the banner sets to this bundle's own file URL
// (pathToFileURL(__filename)); the migrations are then looked up in dist/main/migrations/, where they
// are copied. main/version.ts imports package.json, so the version is inlined and no package.json
// needs to exist next to dist/. Nothing in the source changes between tsx and the bundle.
import { build, type BuildOptions } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const IMPORT_META_URL = '__sightline_import_meta_url';

export type BuildResult = { main: string; preload: string; worker: string; migrations: string[] };

/** The only modules a sandboxed preload may require besides what it bundles. */
export const PRELOAD_ALLOWED_REQUIRES = ['electron'];

/** Every require('x') a CommonJS bundle still makes at run time. */
export function bundleRequires(code: string): string[] {
  return [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!))].sort();
}

export async function buildElectron(outDir = path.join(root, 'dist')): Promise<BuildResult> {
  const common: BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
    legalComments: 'none',
  };

  const mainFile = path.join(outDir, 'main', 'app.cjs');
  const nodeSide: BuildOptions = {
    ...common,
    // electron is provided by the runtime; better-sqlite3 loads a native .node file from its package.
    external: ['electron', 'better-sqlite3'],
    define: { 'import.meta.url': IMPORT_META_URL },
    // 'use strict' first: a directive only counts before any statement, and esbuild emits its own after the banner.
    banner: { js: `'use strict';\nconst ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;` },
  };
  await build({ ...nodeSide, entryPoints: [path.join(root, 'main/app/main.ts')], outfile: mainFile });
  // The import worker (main/ingest/run-import.ts looks for it beside the main bundle).
  const workerFile = path.join(outDir, 'main', 'import-worker.cjs');
  await build({ ...nodeSide, entryPoints: [path.join(root, 'main/ingest/worker.ts')], outfile: workerFile });
  // Its parse thread (main/ingest/workers.ts finds both beside the bundle).
  await build({ ...nodeSide, entryPoints: [path.join(root, 'main/ingest/parse-worker.ts')], outfile: path.join(outDir, 'main', 'parse-worker.cjs') });
  // The read worker (main/case/reads.ts): summaries and groupings off the main thread.
  await build({ ...nodeSide, entryPoints: [path.join(root, 'main/case/read-worker.ts')], outfile: path.join(outDir, 'main', 'read-worker.cjs') });
  // The evidence-removal thread (main/case/remove-job.ts).
  await build({ ...nodeSide, entryPoints: [path.join(root, 'main/case/remove-worker.ts')], outfile: path.join(outDir, 'main', 'remove-worker.cjs') });
  // The report thread (main/report/report.ts): gathering, re-hashing and rendering off the main thread.
  await build({ ...nodeSide, entryPoints: [path.join(root, 'main/report/report-worker.ts')], outfile: path.join(outDir, 'main', 'report-worker.cjs') });
  // The geo enrichment thread (an analyst's re-run; main/geo/run-enrich.ts).
  await build({ ...nodeSide, entryPoints: [path.join(root, 'main/geo/worker.ts')], outfile: path.join(outDir, 'main', 'geo-worker.cjs') });
  // The live collection thread (main/collect/run-collect.ts): Graph paging and page writes off the main thread.
  await build({ ...nodeSide, entryPoints: [path.join(root, 'main/collect/collect-worker.ts')], outfile: path.join(outDir, 'main', 'collect-worker.cjs') });

  const preloadFile = path.join(outDir, 'preload', 'index.cjs');
  await build({
    ...common,
    entryPoints: [path.join(root, 'preload/index.ts')],
    outfile: preloadFile,
    // A sandboxed preload can require only a few modules: everything else must be inlined.
    external: ['electron'],
  });
  const extra = bundleRequires(fs.readFileSync(preloadFile, 'utf8')).filter((r) => !PRELOAD_ALLOWED_REQUIRES.includes(r));
  if (extra.length) throw new Error(`the preload bundle requires ${extra.join(', ')}, which a sandboxed preload cannot load`);

  const migrationsSrc = path.join(root, 'main/case/migrations');
  const migrationsOut = path.join(outDir, 'main', 'migrations');
  fs.rmSync(migrationsOut, { recursive: true, force: true });
  fs.mkdirSync(migrationsOut, { recursive: true });
  const migrations = fs.readdirSync(migrationsSrc).filter((f) => f.endsWith('.sql')).sort();
  for (const f of migrations) fs.copyFileSync(path.join(migrationsSrc, f), path.join(migrationsOut, f));

  return { main: mainFile, preload: preloadFile, worker: workerFile, migrations };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron().catch((err: unknown) => {
    process.stderr.write(`build:electron failed: ${(err as Error).message}\n`);
    process.exit(1);
  });
}

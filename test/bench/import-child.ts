// Runs one import as the CLI does (startImport: the import worker with its parse thread, then the
// placing post-pass) in a process of its own, and prints the summary with how long each phase
// took, read from the progress events: reading (parse, normalize, insert), rebuilding the indexes,
// the search text, saving (commit, and the journal back to WAL or the WAL checkpoint), and placing
// the sign-ins. Used by the import benchmark: `tsx import-child.ts [--held] <case> <file>...`.
// --held keeps a connection of its own open on the case throughout, as the app does while it shows
// the case: the import then stays in WAL mode (bulk.ts, leaveWalWhileAlone).
import { openCaseDb } from '../../main/case/db';
import { startImport } from '../../main/ingest/run-import';

const args = process.argv.slice(2);
const held = args[0] === '--held' ? (args.shift(), true) : false;
const [casePath, ...files] = args;
if (!casePath || files.length === 0) throw new Error('usage: import-child.ts [--held] <case> <file>...');
const holder = held ? openCaseDb(casePath) : null;

const started = performance.now();
const marks: Record<string, number> = {};
const mark = (name: string) => (marks[name] ??= performance.now() - started);
const job = startImport(casePath, files, {
  progressEveryMs: 1000,
  onProgress: (p) => mark(p.phase ?? 'reading'),
  onGeoProgress: () => mark('placing'),
});
const summary = await job.done;
holder?.close();
const end = performance.now() - started;
const next = (from: string, ...later: string[]) => (later.map((l) => marks[l]).find((t) => t !== undefined) ?? end) - (marks[from] ?? 0);
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    summary,
    ms: {
      total: Math.round(end),
      reading: Math.round(next('reading', 'indexes', 'search', 'saving', 'placing')),
      indexes: marks['indexes'] === undefined ? 0 : Math.round(next('indexes', 'search', 'saving', 'placing')),
      search: marks['search'] === undefined ? 0 : Math.round(next('search', 'saving', 'placing')),
      // The commit (and the WAL checkpoint it triggers), the import thread's exit and the placing thread's start.
      saving: marks['saving'] === undefined ? 0 : Math.round(next('saving', 'placing')),
      placing: marks['placing'] === undefined ? 0 : Math.round(end - marks['placing']),
      cpu: Math.round((cpu.user + cpu.system) / 1000),
    },
  }),
);

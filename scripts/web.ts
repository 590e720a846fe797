// `npm run web`: the app in a browser on a demo case, for machines where Electron cannot start.
// The demo case is a generated tenant (20,000 sign-ins, every planted incident kind).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseSession } from '../main/case/session';
import { ATTACK_KINDS } from '../main/generate/attacks';
import { DEFAULT_END, generate } from '../main/generate/generate';
import { importFiles } from '../main/ingest/import';
import { startServer } from '../main/server/server';

const casePath = process.argv[2] ? path.resolve(process.env['INIT_CWD'] ?? process.cwd(), process.argv[2]) : path.join(os.tmpdir(), 'sightline-demo', 'demo.sightline');

const session = CaseSession.open(casePath);
if (session.info().signIns === 0 && !process.argv[2]) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-demo-export-'));
  generate({ out, users: 120, days: 14, rows: 20_000, seed: 1, format: 'portal-csv', attacks: ATTACK_KINDS, end: DEFAULT_END });
  const summary = await importFiles(session.db, [out]);
  process.stderr.write(`Demo case: imported ${summary.totals.inserted.toLocaleString('en-US')} generated sign-ins (planted incidents: ${path.join(out, 'truth.json')})\n`);
}
session.close();

const server = await startServer({ casePath });
process.stdout.write(`Sightline (web mode) on ${casePath}\nOpen ${server.url}/#token=${server.token}\n`);
process.stderr.write('Press Ctrl+C to stop.\n');
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// `npm run web`: the app in a browser on a demo case, for machines where Electron cannot start.
// The demo case is the Sentinel training-lab sample until the generator exists.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaseSession } from '../main/case/session';
import { importFiles } from '../main/ingest/import';
import { startServer } from '../main/server/server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sample = path.resolve(root, '../shared/samples/sentinel-training-lab/sign-in_adelete.csv');
const casePath = process.argv[2] ? path.resolve(process.env['INIT_CWD'] ?? process.cwd(), process.argv[2]) : path.join(os.tmpdir(), 'sightline-demo', 'demo.sightline');

const session = CaseSession.open(casePath);
if (session.info().signIns === 0) {
  if (fs.existsSync(sample)) {
    const summary = await importFiles(session.db, [sample]);
    process.stderr.write(`Demo case: imported ${summary.totals.inserted} sign-ins from ${path.basename(sample)}\n`);
  } else {
    process.stderr.write(`Demo sample not found at ${sample}; the case starts empty (use Import).\n`);
  }
}
session.close();

const server = await startServer({ casePath });
process.stdout.write(`Sightline (web mode) on ${casePath}\nOpen ${server.url}/#token=${server.token}\n`);
process.stderr.write('Press Ctrl+C to stop.\n');
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

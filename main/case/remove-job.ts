// Starting an evidence removal on its own thread (remove-worker.ts) and waiting for its reply; the
// way the app and the web server remove evidence. The CLI calls removeEvidence directly.
import { errorCodes, SightlineError, type ErrorCode, type EvidenceRemoval } from '../../preload/contract';
import { spawnWorker } from '../ingest/workers';
import type { RemoveJob, RemoveReply } from './remove-worker';

export function removeEvidenceOffThread(casePath: string, id: number): Promise<EvidenceRemoval> {
  const worker = spawnWorker('remove-worker', { casePath, id } satisfies RemoveJob);
  return new Promise<EvidenceRemoval>((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: RemoveReply) => {
      settled = true;
      if (m.ok) resolve(m.value);
      else {
        const code = (errorCodes as readonly string[]).includes(m.code ?? '') ? (m.code as ErrorCode) : null;
        reject(code ? new SightlineError(code, m.message) : new Error(m.message));
      }
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the evidence removal thread stopped unexpectedly (exit code ${code}); nothing was removed`));
    });
  });
}

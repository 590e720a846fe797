// A running Graph collection in the status bar, whatever view is open: how far it is, whether it is
// waiting out throttling, and a Cancel (the pages already stored stay; the run can be resumed).
import { useEffect, useState } from 'react';
import type { CollectProgress } from '../../../preload/contract';
import { api, on } from '../../api';

const RUNNING = new Set<CollectProgress['state']>(['collecting', 'waiting']);

export function CollectTask() {
  const [progress, setProgress] = useState<CollectProgress | null>(null);

  useEffect(() => on('collect.progress', (p) => setProgress(RUNNING.has(p.state) ? p : null)), []);

  if (!progress) return null;
  const waiting = progress.state === 'waiting' && progress.waitingUntil ? ` · throttled, waiting until ${progress.waitingUntil.slice(11, 19)}Z` : '';
  return (
    <span className="progress" data-testid="collect-task">
      Collecting from Graph: {progress.records.toLocaleString('en-US')} records, window {Math.min(progress.windows + 1, progress.windowsTotal)} of {progress.windowsTotal}
      <progress max={Math.max(progress.windowsTotal, 1)} value={progress.windows} />
      {progress.etaSeconds !== null ? ` ~${Math.ceil(progress.etaSeconds)} s left` : ''}
      {waiting}
      <button type="button" className="ghost small" data-testid="collect-task-cancel" onClick={() => void api['collect.cancel']({})} title="Stop collecting; what was stored stays, and the run can be resumed">
        Cancel
      </button>
    </span>
  );
}

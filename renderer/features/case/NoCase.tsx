// The empty state when no case is open: new / open (dialogs in the desktop app, a path field in a
// browser) and the recent cases, which the desktop app keeps in its user settings.
import { useEffect, useState } from 'react';
import type { RecentCase } from '../../../preload/contract';
import { api } from '../../api';
import { RecentList } from './CaseMenu';

export function NoCase({ nativeDialogs, onError }: { nativeDialogs: boolean; onError(message: string): void }) {
  const [path, setPath] = useState('');
  const [recent, setRecent] = useState<{ fixed: boolean; cases: RecentCase[] } | null>(null);
  useEffect(() => {
    api['case.recent']({}).then(setRecent, () => setRecent(null));
  }, []);
  return (
    <div className="empty-state" data-testid="no-case">
      <h2>No case is open</h2>
      <p>A case is one file that holds the evidence, the sign-ins and your work on them.</p>
      {nativeDialogs ? (
        <div className="row">
          <button type="button" onClick={() => api['case.openDialog']({ create: true }).catch((e: Error) => onError(e.message))}>New case…</button>
          <button type="button" onClick={() => api['case.openDialog']({ create: false }).catch((e: Error) => onError(e.message))}>Open case…</button>
        </div>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) api['case.open']({ path: path.trim() }).catch((err: Error) => onError(err.message));
          }}
        >
          <input aria-label="Case file path" placeholder="/path/to/case.sightline" value={path} onChange={(e) => setPath(e.target.value)} />
          <button type="submit">Open or create</button>
        </form>
      )}
      {recent && !recent.fixed && (
        <div className="recent-block">
          <h3>Recent cases</h3>
          <RecentList cases={recent.cases} onError={onError} onForget={(p) => void api['case.forgetRecent']({ path: p }).then(setRecent)} />
        </div>
      )}
    </div>
  );
}

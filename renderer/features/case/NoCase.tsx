// The empty state when no case is open: dialogs in the desktop app, a path field in a browser.
import { useState } from 'react';
import { api } from '../../api';

export function NoCase({ nativeDialogs, onError }: { nativeDialogs: boolean; onError(message: string): void }) {
  const [path, setPath] = useState('');
  return (
    <div className="empty-state">
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
    </div>
  );
}

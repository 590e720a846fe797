// The case in the top bar: its name, and a menu with the case details, recent cases (desktop app)
// or, in web mode, an honest note that this page serves one case file, and the findings exports.
import { useEffect, useState } from 'react';
import type { Case, RecentCase } from '../../../preload/contract';
import { api } from '../../api';
import { usePopover } from '../shell/usePopover';
import { CaseDetailsDialog } from './CaseDetailsDialog';
import { CaseExportButton } from './CaseExportButton';
import './case.css';

export function RecentList({ cases, onError, onForget }: { cases: RecentCase[]; onError(message: string): void; onForget?(path: string): void }) {
  if (!cases.length) return <p className="muted small">No recent cases.</p>;
  return (
    <ul className="recent-cases" data-testid="recent-cases">
      {cases.map((c) => (
        <li key={c.path}>
          <button type="button" className="link" disabled={!c.exists} title={c.exists ? c.path : `${c.path} is no longer there`} onClick={() => void api['case.open']({ path: c.path }).catch((e: Error) => onError(e.message))}>
            {c.name}
          </button>
          <span className="muted small mono">{c.path}</span>
          {!c.exists && <span className="muted small"> (missing)</span>}
          {onForget && (
            <button type="button" className="icon-button small" aria-label={`Forget ${c.name}`} title="Remove from this list" onClick={() => onForget(c.path)}>
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function CaseMenu({ caseInfo, nativeDialogs, onMessage }: { caseInfo: Case | null | undefined; nativeDialogs: boolean; onMessage(kind: 'info' | 'error', text: string): void }) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const [details, setDetails] = useState(false);
  const [recent, setRecent] = useState<{ fixed: boolean; cases: RecentCase[] } | null>(null);

  useEffect(() => {
    if (open) api['case.recent']({}).then(setRecent, () => setRecent(null));
  }, [open]);

  const error = (text: string) => onMessage('error', text);
  return (
    <div className="popover-anchor case-menu" ref={ref}>
      <button type="button" className="ghost case-name" data-testid="case-menu" aria-expanded={open} title={caseInfo?.path} onClick={() => setOpen(!open)}>
        {caseInfo ? caseInfo.name : 'No case'} ▾
      </button>
      {open && (
        <div className="popover menu case-popover" role="menu" style={{ left: 0, right: 'auto' }}>
          {caseInfo && (
            <button
              type="button"
              role="menuitem"
              data-testid="case-details-button"
              onClick={() => {
                setOpen(false);
                setDetails(true);
              }}
            >
              Case details…
            </button>
          )}
          {nativeDialogs && (
            <>
              <button type="button" role="menuitem" onClick={() => void api['case.openDialog']({ create: true }).catch((e: Error) => error(e.message))}>
                New case…
              </button>
              <button type="button" role="menuitem" onClick={() => void api['case.openDialog']({ create: false }).catch((e: Error) => error(e.message))}>
                Open case…
              </button>
            </>
          )}
          {recent?.fixed ? (
            <p className="muted small" data-testid="case-fixed">
              This browser page serves one case file{caseInfo ? <> (<span className="mono">{caseInfo.path}</span>)</> : null}. To work on another case, start{' '}
              <span className="mono">sightline serve &lt;case&gt;</span> with it.
            </p>
          ) : (
            recent && (
              <>
                <p className="muted small">Recent cases</p>
                <RecentList cases={recent.cases.filter((c) => c.path !== caseInfo?.path)} onError={error} onForget={(p) => void api['case.forgetRecent']({ path: p }).then(setRecent)} />
              </>
            )
          )}
          {caseInfo && (
            <div className="case-menu-exports">
              <CaseExportButton what="findings" onMessage={onMessage} />
            </div>
          )}
        </div>
      )}
      {details && caseInfo && <CaseDetailsDialog onClose={() => setDetails(false)} onMessage={onMessage} />}
    </div>
  );
}

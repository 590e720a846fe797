// A group's member sign-ins, newest first, a page at a time. Every value is rendered as text.
import { useEffect, useState } from 'react';
import type { SignIn, SignInFilter, SignInGroup } from '../../../preload/contract';
import { api } from '../../api';
import { OUTCOME_LABELS } from '../../filterModel';
import { formatTime, type TimeZoneMode } from '../../time';

const PAGE = 100;

type Props = {
  filter: SignInFilter;
  group: SignInGroup;
  timeZone: TimeZoneMode;
  onSelect(id: string): void;
  onClose(): void;
  onMessage(kind: 'info' | 'error', text: string): void;
};

export function GroupMembers({ filter, group, timeZone, onSelect, onClose, onMessage }: Props) {
  const [rows, setRows] = useState<SignIn[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);

  const load = (offset: number) => {
    setLoading(true);
    api['signins.groupMembers']({ filter, key: group.key, offset, limit: PAGE }).then(
      (page) => {
        setTotal(page.total);
        setRows((old) => (offset === 0 ? page.rows : [...old, ...page.rows]));
        setLoading(false);
      },
      (e: Error) => {
        setLoading(false);
        onMessage('error', `Could not list the group's sign-ins: ${e.message}`);
      },
    );
  };

  useEffect(() => {
    setRows([]);
    setTotal(null);
    load(0);
  }, [group, filter]);

  const who = group.userDisplay ?? group.key.user ?? '(no user)';
  return (
    <section className="group-members" data-testid="group-members" aria-label="Sign-ins in the selected group">
      <header>
        <strong>{group.count.toLocaleString('en-US')} sign-ins</strong>
        <span>
          {' '}
          · {who} · {group.appName ?? group.key.app ?? '(no app)'} · <span className="mono">{group.key.ip ?? '(no IP)'}</span> · {OUTCOME_LABELS[group.key.outcome]}
        </span>
        <span className="spacer" />
        <button type="button" className="ghost" onClick={onClose} aria-label="Close the group's sign-ins">
          ×
        </button>
      </header>
      <div className="group-members-list">
        <table>
          <thead>
            <tr>
              <th>Date</th>
              <th>Request ID</th>
              <th>Status</th>
              <th>Error</th>
              <th>Resource</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} tabIndex={0} onClick={() => onSelect(s.id)} onKeyDown={(e) => e.key === 'Enter' && onSelect(s.id)} data-testid="group-member">
                <td className="mono">{formatTime(s.createdDateTime, timeZone)}</td>
                <td className="mono">{s.id}</td>
                <td>{OUTCOME_LABELS[s.outcome] ?? s.outcome}</td>
                <td className="mono num">{s.status?.errorCode ?? ''}</td>
                <td>{s.resourceDisplayName ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {total !== null && rows.length < total && (
          <button type="button" className="ghost" disabled={loading} onClick={() => load(rows.length)}>
            Show {Math.min(PAGE, total - rows.length)} more of {(total - rows.length).toLocaleString('en-US')}
          </button>
        )}
      </div>
    </section>
  );
}

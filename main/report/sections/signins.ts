// Sign-in tables (a finding's evidence, the tagged sign-ins): each row's fields paired into a few
// columns (time and status, user and IP, app and place, client and user agent), so an A4 page holds
// them without breaking words, and the columns read in order when the PDF is read as text.
import type { AnnotatedRow, SignInRow } from '../gather';
import { html, type Html } from '../html';
import { table, utc } from './common';

const status = (r: SignInRow) => (r.errorCode ? `${r.outcome} (${r.errorCode})` : r.outcome);

function cells(r: SignInRow): Html[] {
  return [
    // Date and time on two lines: the column stays narrow and neither half is ever broken.
    html`<span class="nw">${utc(r.time).slice(0, 10)}</span><br><span class="nw">${utc(r.time).slice(11)}</span><br>${status(r)}`,
    html`${r.user ?? ''}<br>${r.ip ?? ''}`,
    html`${r.app ?? ''}<br>${r.place ?? ''}`,
    html`${r.clientApp ?? ''}${r.clientApp && r.userAgent ? html`<br>` : ''}${r.userAgent ?? ''}`,
    html`<span class="mono small">${r.id}</span>`,
  ];
}

export function signInTable(rows: SignInRow[]): Html {
  return table([{ label: 'Time (UTC), status', nowrap: true }, 'User, IP address', 'Application, location', 'Client, user agent', 'Request id'], rows.map(cells), 'signins');
}

export function annotatedTable(rows: AnnotatedRow[]): Html {
  return table(
    [{ label: 'Time (UTC), status', nowrap: true }, 'User, IP address', 'Application, location', 'Client, user agent', 'Request id', 'Tags, notes'],
    rows.map((r) => [...cells(r), html`${[r.bookmarked ? 'bookmarked' : '', ...r.tags].filter(Boolean).join(', ')}${r.notes.length ? html`<br><span class="note">${r.notes.join(' | ')}</span>` : ''}`]),
    'signins',
  );
}

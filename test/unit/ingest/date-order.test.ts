// Log Analytics and admin center CSVs saved again by a spreadsheet in its own locale: the order of
// day and month is learned from the dates, and never silently guessed the wrong way round.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { importFiles, type ImportOptions } from '../../../main/ingest/import';
import { tempDir, tempFile } from '../helpers';

const HEADER = 'TimeGenerated [UTC],Id,CreatedDateTime [UTC],UserPrincipalName,ResultType,IPAddress,Type';
const row = (id: string, created: string) => `"${created}",${id},"${created}",a@contoso.com,0,198.51.100.9,SigninLogs`;

async function importDates(dates: string[], options: ImportOptions = {}) {
  const session = CaseSession.open(path.join(tempDir(), 'c.sightline'));
  const file = tempFile('SigninLogs.csv', [HEADER, ...dates.map((d, i) => row(`d-${i + 1}`, d))].join('\r\n'));
  const summary = await importFiles(session.db, [file], options);
  const times = (session.db.prepare('SELECT id, created_ms AS ms FROM signins ORDER BY id').all() as { id: string; ms: number }[]).map((r) => [r.id, new Date(r.ms).toISOString()]);
  const readOptions = session.db.prepare('SELECT read_options FROM evidence').pluck().get() as string | undefined;
  session.close();
  return { file: summary.files[0]!, times, readOptions: readOptions ? JSON.parse(readOptions) : null };
}

describe('dates of CSV exports saved again in another locale', () => {
  it('reads the export own en-US form month-first, as before', async () => {
    const r = await importDates(['4/3/2021, 2:08:45.221 PM', '4/28/2021, 9:00:00.000 AM']);
    expect(r.file.status).toBe('imported');
    expect(r.times).toEqual([['d-1', '2021-04-03T14:08:45.221Z'], ['d-2', '2021-04-28T09:00:00.000Z']]);
  });

  it('learns day-first from a day above 12, reads the later dates that way, and records the order', async () => {
    const r = await importDates(['28/4/2021, 2:08:45.221 PM', '3/4/2021, 10:00:00.000 AM', '05/04/2021 17:30:00']);
    expect(r.file).toMatchObject({ status: 'imported', inserted: 3, rejectedRows: 0 });
    expect(r.times).toEqual([['d-1', '2021-04-28T14:08:45.221Z'], ['d-2', '2021-04-03T10:00:00.000Z'], ['d-3', '2021-04-05T17:30:00.000Z']]);
    expect(r.file.warnings).toContainEqual(expect.stringMatching(/dates read as day-first \(D\/M\/YYYY\): "28\/4\/2021, 2:08:45.221 PM" at line 2/));
    expect(r.readOptions).toEqual({ dateOrder: 'dmy' });
  });

  it('refuses a file whose day-first dates show up after ambiguous ones were read month-first', async () => {
    const r = await importDates(['3/4/2021, 2:08:45.221 PM', '28/4/2021, 2:08:45.221 PM']);
    expect(r.file.status).toBe('rejected');
    expect(r.file.error).toMatch(/its dates are day-first \("28\/4\/2021, 2:08:45.221 PM" at line 3\), but earlier ones such as "3\/4\/2021, 2:08:45.221 PM" at line 2 could be read either way/);
    expect(r.file.error).toMatch(/--date-order dmy/);
    expect(r.times).toEqual([]);
    const again = await importDates(['3/4/2021, 2:08:45.221 PM', '28/4/2021, 2:08:45.221 PM'], { dateOrder: 'dmy' });
    expect(again.times).toEqual([['d-1', '2021-04-03T14:08:45.221Z'], ['d-2', '2021-04-28T14:08:45.221Z']]);
  });

  it('refuses ambiguous 24-hour dates without --date-order, naming it, and reads them with it', async () => {
    const r = await importDates(['03/04/2021 14:08:45', '28/04/2021 14:08:45']);
    expect(r.file.status).toBe('rejected');
    expect(r.file.error).toMatch(/"03\/04\/2021 14:08:45" at line 2\) are not in the export's own form and could be day\/month or month\/day/);
    expect(r.file.error).toMatch(/--date-order dmy or --date-order mdy/);
    const mdy = await importDates(['03/04/2021 14:08:45', '11/04/2021 14:08:45'], { dateOrder: 'mdy' });
    expect(mdy.times).toEqual([['d-1', '2021-03-04T14:08:45.000Z'], ['d-2', '2021-11-04T14:08:45.000Z']]);
    expect(mdy.readOptions).toEqual({ dateOrder: 'mdy' });
  });

  it('refuses dates that can only be read in different orders, and an order the dates contradict', async () => {
    const mixed = await importDates(['28/04/2021 14:08:45', '04/28/2021 14:08:45']);
    expect(mixed.file.error).toMatch(/the dates mix day-first and month-first order \("28\/04\/2021 14:08:45" at line 2 can only be day-first/);
    const contradicted = await importDates(['28/04/2021 14:08:45'], { dateOrder: 'mdy' });
    expect(contradicted.file.error).toMatch(/"28\/04\/2021 14:08:45" at line 2 can only be day-first \(D\/M\/YYYY\), but --date-order mdy was given/);
    expect([mixed.times, contradicted.times]).toEqual([[], []]);
  });
});

// The app says main's `--date-order` advice the Import options' way: this holds the two together,
// with the refusals the import really writes (a wording change in main/ingest shows up here).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSession } from '../../../main/case/session';
import { importFiles } from '../../../main/ingest/import';
import { forAnalyst, refusalText } from '../../../renderer/features/evidence/importOptions';
import { fixture, tempDir, tempFile } from '../helpers';

async function refusal(file: string): Promise<string> {
  const session = CaseSession.open(path.join(tempDir(), 'c.sightline'));
  const summary = await importFiles(session.db, [file]);
  session.close();
  expect(summary.files[0]!.status).toBe('rejected');
  return summary.files[0]!.error!;
}

describe('date-order advice in the app', () => {
  it.each([
    ['an ambiguous PowerShell export', () => fixture('powershell/graph-full-winps51-en-US.csv')],
    ['a Log Analytics CSV saved again with 24-hour locale dates', () => tempFile('SigninLogs.csv', 'Id,CreatedDateTime [UTC],UserPrincipalName,ResultType,Type\r\nd-1,03/04/2021 14:08:45,a@contoso.com,0,SigninLogs\r\n')],
    ['a Log Analytics CSV whose day-first dates came late', () => tempFile('SigninLogs.csv', 'Id,CreatedDateTime [UTC],UserPrincipalName,ResultType,Type\r\nd-1,"3/4/2021, 2:08:45 PM",a@contoso.com,0,SigninLogs\r\nd-2,"28/4/2021, 2:08:45 PM",a@contoso.com,0,SigninLogs\r\n')],
  ])('%s: the refusal names Import options, never the flag', async (_what, file) => {
    const reason = await refusal(file());
    expect(reason).toContain('--date-order');
    const said = refusalText(reason);
    expect(said).not.toContain('--date-order');
    expect(said).toContain('Import options');
    expect(said).not.toMatch(/\.\s*\(/);
  });

  it('leaves other text alone', () => {
    expect(forAnalyst('3 rows were rejected; the first 1000 are listed')).toBe('3 rows were rejected; the first 1000 are listed');
  });
});

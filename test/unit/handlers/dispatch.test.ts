import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channels, contract } from '../../../preload/contract';
import { CaseSession } from '../../../main/case/session';
import { dispatch, handlers, type HandlerContext } from '../../../main/handlers';
import { createHandlerContext } from '../../../main/handlers/context';
import { fixture, sample, tempDir } from '../helpers';

function context(session: CaseSession | null): HandlerContext & { events: [string, unknown][] } {
  const events: [string, unknown][] = [];
  const ctx = createHandlerContext({ mode: 'web', session, emit: (name, payload) => events.push([name, payload]) });
  return Object.assign(ctx, { events });
}

describe('the handler table', () => {
  it('has exactly one handler per contract channel', () => {
    expect(Object.keys(handlers).sort()).toEqual([...channels].sort());
    expect(channels.length).toBe(Object.keys(contract).length);
  });

  it('answers a bad payload with bad-request naming the field, without calling the handler', async () => {
    const r = await dispatch('signins.query', { limit: 'ten' }, context(null));
    expect(r).toEqual({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('limit') } });
    const extra = await dispatch('case.open', { path: '/x', evil: true }, context(null));
    expect(extra.ok).toBe(false);
  });

  it('answers no-case when nothing is open', async () => {
    expect(await dispatch('signins.query', {}, context(null))).toEqual({ ok: false, error: { code: 'no-case', message: expect.any(String) } });
  });

  it('opens a case, imports, pages and filters through the contract', async () => {
    const ctx = context(null);
    const opened = await dispatch('case.open', { path: path.join(tempDir(), 'c.sightline') }, ctx);
    expect(opened).toMatchObject({ ok: true, value: { signIns: 0, evidence: 0 } });
    const imported = await dispatch('evidence.import', { paths: [sample('sentinel-training-lab/sign-in_adelete.csv')] }, ctx);
    expect(imported).toMatchObject({ ok: true, value: { totals: { inserted: 56 } } });
    expect(ctx.events.some(([n]) => n === 'import.progress')).toBe(true);
    expect(ctx.events.at(-1)).toEqual(['case.changed', expect.objectContaining({ signIns: 56 })]);

    const page = await dispatch('signins.query', { offset: 50, limit: 10, sort: { field: 'createdDateTime', dir: 'asc' } }, ctx);
    expect(page.ok && (page.value as { total: number; rows: unknown[] }).rows.length).toBe(6);
    const failures = await dispatch('signins.count', { filter: { status: ['failure'] } }, ctx);
    expect(failures).toEqual({ ok: true, value: { total: 3 } });
    const missing = await dispatch('signins.get', { id: 'nope' }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    ctx.session?.close();
  });

  it('dialog channels say unsupported where the host has no dialogs', async () => {
    expect(await dispatch('case.openDialog', { create: true }, context(null))).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('the import dialog imports the picked files with the options given (none from the app menu), and checks them', async () => {
    const picked = fixture('powershell/graph-full-winps51-en-US.csv');
    const events: [string, unknown][] = [];
    const ctx = createHandlerContext({
      mode: 'electron',
      emit: (name, payload) => events.push([name, payload]),
      dialogs: { pickCasePath: async () => null, pickEvidenceFiles: async () => [picked], pickSavePath: async () => null },
    });
    await dispatch('case.open', { path: path.join(tempDir(), 'd.sightline') }, ctx);
    // The menu's call: no options, so the ambiguous dates refuse the file.
    const plain = await dispatch('evidence.importDialog', {}, ctx);
    expect(plain).toMatchObject({ ok: true, value: { files: [{ status: 'rejected', error: expect.stringMatching(/--date-order/) }] } });
    const chosen = await dispatch('evidence.importDialog', { format: 'powershell-csv', dateOrder: 'mdy' }, ctx);
    expect(chosen).toMatchObject({ ok: true, value: { files: [{ status: 'imported', format: 'powershell-csv' }] } });
    expect(await dispatch('evidence.importDialog', { dateOrder: 'ymd' }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('dateOrder') } });
    expect(await dispatch('evidence.importDialog', { paths: ['/etc/passwd'] }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    ctx.session?.close();
  });
});

describe('per-case settings', () => {
  it('stores JSON under a dotted key in the case, and refuses odd keys', async () => {
    const ctx = context(null);
    await dispatch('case.open', { path: path.join(tempDir(), 's.sightline') }, ctx);
    expect(await dispatch('settings.get', { key: 'grid.columns' }, ctx)).toEqual({ ok: true, value: { value: null } });
    await dispatch('settings.set', { key: 'grid.columns', value: [{ colId: 'ipAddress', width: 120 }] }, ctx);
    expect(await dispatch('settings.get', { key: 'grid.columns' }, ctx)).toEqual({ ok: true, value: { value: [{ colId: 'ipAddress', width: 120 }] } });
    expect(await dispatch('settings.set', { key: "x'; DROP TABLE signins;--", value: 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    ctx.session?.close();
  });
});

// The desktop HandlerContext: mode, version, case switching, and the case named on the command line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { casePathFromArgv, createAppContext } from '../../../main/app/context';
import { appPaths } from '../../../main/app/paths';
import { dispatch } from '../../../main/handlers';
import { version } from '../../../main/version';
import { repoRoot, tempDir } from '../helpers';

const dialogs = { pickCasePath: async () => null, pickEvidenceFiles: async () => null, pickSavePath: async () => null };

describe('casePathFromArgv', () => {
  it.each<[string[], string | null]>([
    [['/usr/bin/electron', '.', 'cases/acme.sightline'], 'cases/acme.sightline'],
    [['/usr/bin/electron', 'dist/main/app.cjs', '/tmp/x.sightline'], '/tmp/x.sightline'],
    [['/opt/Sightline/sightline', '/home/a/Case One.SIGHTLINE'], '/home/a/Case One.SIGHTLINE'],
    [['/usr/bin/electron', '--inspect=0', '--remote-debugging-port=0', 'dist/main/app.cjs', 'c.sightline'], 'c.sightline'],
    [['/usr/bin/electron', '--user-data-dir=/tmp/x.sightline', 'dist/main/app.cjs'], null],
    [['/usr/bin/electron', 'dist/main/app.cjs'], null],
    [['/opt/Sightline/sightline'], null],
    [['x.sightline'], null],
  ])('%j -> %s', (argv, expected) => {
    expect(casePathFromArgv(argv)).toBe(expected);
  });
});

describe('appPaths', () => {
  it('finds the renderer and preload beside the bundled main', () => {
    expect(appPaths('/opt/app.asar/dist/main/app.cjs')).toEqual({
      rendererDir: path.normalize('/opt/app.asar/dist/renderer'),
      preload: path.normalize('/opt/app.asar/dist/preload/index.cjs'),
    });
  });
});

describe('createAppContext', () => {
  it('is an electron context with native dialogs and the package version', async () => {
    const ctx = createAppContext({ emit: () => undefined, dialogs });
    expect(ctx.mode).toBe('electron');
    expect(ctx.session).toBeNull();
    expect(version).toBe(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
    expect(await dispatch('app.info', {}, ctx)).toEqual({ ok: true, value: { version, mode: 'electron', nativeDialogs: true } });
  });

  it('openCase replaces the session and closes the previous one', () => {
    const dir = tempDir();
    const ctx = createAppContext({ emit: () => undefined, dialogs });
    const a = ctx.openCase(path.join(dir, 'a.sightline'));
    const b = ctx.openCase(path.join(dir, 'b.sightline'));
    expect(ctx.session).toBe(b);
    expect(a.db.open).toBe(false);
    expect(b.db.open).toBe(true);
    b.close();
  });

  it('a case that fails to open leaves the current one open', () => {
    const dir = tempDir();
    const notACase = path.join(dir, 'notes.sightline');
    fs.writeFileSync(notACase, 'this is not a database, just text that is long enough to be read as a header '.repeat(20));
    const ctx = createAppContext({ emit: () => undefined, dialogs });
    const a = ctx.openCase(path.join(dir, 'a.sightline'));
    expect(() => ctx.openCase(notACase)).toThrow();
    expect(ctx.session).toBe(a);
    expect(a.db.open).toBe(true);
    a.close();
  });
});

// `npm start`: whether Electron can be launched here, and the one sentence when it cannot.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cannotStartMessage, decideLaunch, electronExecutable, gatherLaunchFacts, type LaunchFacts } from '../../../scripts/launch';

const ready: LaunchFacts = {
  platform: 'linux',
  env: { DISPLAY: ':0' },
  packageInstalled: true,
  executable: '/repo/node_modules/electron/dist/electron',
  executableExists: true,
  mainBundleExists: true,
};

describe('electronExecutable (like electron/index.js, without its download)', () => {
  it.each<[Parameters<typeof electronExecutable>[0], string | null]>([
    [{ packageDir: '/nm/electron', pathTxt: 'electron' }, path.join('/nm/electron', 'dist', 'electron')],
    [{ packageDir: '/nm/electron', pathTxt: 'Electron.app/Contents/MacOS/Electron' }, path.join('/nm/electron', 'dist', 'Electron.app/Contents/MacOS/Electron')],
    [{ packageDir: '/nm/electron', pathTxt: null }, null],
    [{ packageDir: null, pathTxt: null }, null],
    [{ packageDir: '/nm/electron', pathTxt: null, overrideDistPath: '/opt/electron' }, path.join('/opt/electron', 'electron')],
    [{ packageDir: '/nm/electron', pathTxt: 'electron.exe', overrideDistPath: '/opt/e' }, path.join('/opt/e', 'electron.exe')],
  ])('%j -> %s', (loc, expected) => {
    expect(electronExecutable(loc)).toBe(expected);
  });
});

describe('decideLaunch', () => {
  it('launches when there is a binary, a display and a build', () => {
    expect(decideLaunch(ready)).toEqual({ launch: true, executable: ready.executable });
    expect(decideLaunch({ ...ready, env: { WAYLAND_DISPLAY: 'wayland-0' } })).toMatchObject({ launch: true });
    // No DISPLAY is needed off Linux.
    expect(decideLaunch({ ...ready, platform: 'win32', env: {} })).toMatchObject({ launch: true });
    expect(decideLaunch({ ...ready, platform: 'darwin', env: {} })).toMatchObject({ launch: true });
  });

  it.each<[string, Partial<LaunchFacts>, RegExp]>([
    ['no binary downloaded', { executable: null }, /^no Electron binary was downloaded$/],
    ['binary file missing', { executableExists: false }, /Electron binary .* is missing/],
    ['package not installed', { packageInstalled: false, executable: null }, /electron package is not installed/],
    ['no display', { env: {} }, /^no display, as neither DISPLAY nor WAYLAND_DISPLAY is set$/],
    ['empty DISPLAY', { env: { DISPLAY: '' } }, /no display/],
    ['not built', { mainBundleExists: false }, /dist\/main\/app\.cjs is not built/],
    ['no binary and no display', { executable: null, env: {} }, /^no Electron binary was downloaded, and no display/],
  ])('does not launch: %s', (_what, facts, reason) => {
    const d = decideLaunch({ ...ready, ...facts });
    expect(d.launch).toBe(false);
    if (!d.launch) expect(d.reason).toMatch(reason);
  });

  it('says it in one sentence that points at web mode', () => {
    const msg = cannotStartMessage('no Electron binary was downloaded');
    expect(msg).toBe('Electron cannot start here (no Electron binary was downloaded); run `npm run web` to use Sightline in a browser.');
    expect(msg.split('\n')).toHaveLength(1);
  });

  it('gathers facts from this machine without downloading anything', () => {
    const facts = gatherLaunchFacts({ DISPLAY: ':9' }, 'linux');
    expect(facts.packageInstalled).toBe(true);
    expect(facts.env).toEqual({ DISPLAY: ':9', WAYLAND_DISPLAY: undefined });
    // Whatever this machine has, the decision is consistent with the facts.
    const d = decideLaunch(facts);
    expect(d.launch).toBe(facts.executableExists && facts.mainBundleExists);
  });
});

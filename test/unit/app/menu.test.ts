// The application menu: File commands wired to actions; reload and DevTools only where allowed.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuActions } from '../../../main/app/menu';

const actions = (): MenuActions => ({ newCase: vi.fn(), openCase: vi.fn(), importEvidence: vi.fn(), about: vi.fn() });

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}
const roles = (items: MenuItemConstructorOptions[]) => flatten(items).map((i) => i.role).filter(Boolean);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as () => void)();

describe('menuTemplate', () => {
  it('File has New case…, Open case…, Import evidence… wired to their actions', () => {
    const a = actions();
    const items = flatten(menuTemplate(a, { platform: 'linux', dev: false, packaged: true }));
    const byId = (id: string) => items.find((i) => i.id === id);
    expect(byId('new-case')?.label).toBe('New case…');
    expect(byId('open-case')?.label).toBe('Open case…');
    expect(byId('import-evidence')?.label).toBe('Import evidence…');
    click(byId('new-case'));
    click(byId('open-case'));
    click(byId('import-evidence'));
    click(byId('about'));
    expect(a.newCase).toHaveBeenCalledOnce();
    expect(a.openCase).toHaveBeenCalledOnce();
    expect(a.importEvidence).toHaveBeenCalledOnce();
    expect(a.about).toHaveBeenCalledOnce();
    expect(menuTemplate(a, { platform: 'linux', dev: false, packaged: true }).map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
  });

  it('packaged: no reload, no DevTools', () => {
    const r = roles(menuTemplate(actions(), { platform: 'linux', dev: false, packaged: true }));
    expect(r).not.toContain('reload');
    expect(r).not.toContain('forceReload');
    expect(r).not.toContain('toggleDevTools');
    expect(r).toContain('quit');
  });

  it('unpackaged: DevTools; reload only in dev', () => {
    expect(roles(menuTemplate(actions(), { platform: 'linux', dev: false, packaged: false }))).toEqual(expect.arrayContaining(['toggleDevTools']));
    expect(roles(menuTemplate(actions(), { platform: 'linux', dev: false, packaged: false }))).not.toContain('reload');
    expect(roles(menuTemplate(actions(), { platform: 'linux', dev: true, packaged: false }))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('macOS gets the app menu', () => {
    expect(menuTemplate(actions(), { platform: 'darwin', dev: false, packaged: true })[0]?.role).toBe('appMenu');
  });
});

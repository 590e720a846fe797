// electron-builder.yml: the targets, asar, fuses and no native rebuild; and electron-builder's own
// schema accepts it (so no key is misspelt).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from '../helpers';

const config = YAML.parse(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  directories: { output: string };
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
};

describe('electron-builder.yml', () => {
  it('names the app and writes to release/', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Sightline');
    expect(config.directories.output).toBe('release');
  });

  it('packs dist/ and package.json into an asar, with the SQLite addon unpacked', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack.some((p) => p.includes('better-sqlite3') && p.endsWith('.node'))).toBe(true);
  });

  it('does not rebuild native modules, and says why', () => {
    expect(config.npmRebuild).toBe(false);
    const text = fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
    const before = text.slice(0, text.indexOf('npmRebuild: false'));
    expect(before.split('\n').slice(-6).join('\n')).toMatch(/Node-API/);
  });

  it('builds AppImage + deb, NSIS, DMG', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it("matches electron-builder's configuration schema (misspelt keys are rejected)", async () => {
    const { validateConfiguration } = createRequire(path.join(repoRoot, 'package.json'))('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(k: string, v: unknown): void }): Promise<void>;
    };
    const debug = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(structuredClone(config), debug)).resolves.toBeUndefined();
    const misspelt = structuredClone(config);
    misspelt.electronFuses = { ...config.electronFuses, runAsNod: false };
    await expect(validateConfiguration(misspelt, debug)).rejects.toThrow(/electronFuses/);
  });
});

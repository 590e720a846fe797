// Where MSAL's token cache lives. Only under the operating system's protection (DPAPI, Keychain,
// libsecret) through @azure/msal-node-extensions, an optional dependency loaded lazily: its keytar
// dependency downloads or compiles a native module at install time, which this project does not
// allow, so it is normally absent. Without it (or when the OS store cannot be used) the cache stays
// in this process's memory and is gone when the process ends. Never a plaintext file.
import os from 'node:os';
import path from 'node:path';
import type { ICachePlugin } from '@azure/msal-node';

export type TokenCacheStore = {
  /** The MSAL cache plugin, or null for MSAL's own in-memory cache. */
  plugin: ICachePlugin | null;
  kind: 'os' | 'memory';
  /** Why the cache is in memory (shown to the analyst), null when OS-protected. */
  reason: string | null;
  /** Deletes the persisted cache (sign-out); nothing to do in memory. */
  clear(): Promise<void>;
};

export const EXTENSIONS_MODULE = '@azure/msal-node-extensions';

export type ModuleImporter = (name: string) => Promise<unknown>;

// A variable, not a literal: bundlers leave the import alone, and a missing package is a caught error.
const defaultImporter: ModuleImporter = (name) => import(name);

export function defaultCachePath(): string {
  return path.join(os.homedir(), '.sightline', 'msal-token-cache.bin');
}

type Extensions = {
  PersistenceCreator: { createPersistence(c: Record<string, unknown>): Promise<{ delete(): Promise<boolean> }> };
  PersistenceCachePlugin: new (p: unknown) => ICachePlugin;
  DataProtectionScope?: { CurrentUser: string };
};

export function memoryStore(reason: string): TokenCacheStore {
  return { plugin: null, kind: 'memory', reason, clear: async () => undefined };
}

/** The OS-protected cache if msal-node-extensions loads and the OS store works; else memory. */
export async function openTokenCacheStore(opts: { cachePath?: () => string; importer?: ModuleImporter } = {}): Promise<TokenCacheStore> {
  let ext: Extensions;
  try {
    const mod = (await (opts.importer ?? defaultImporter)(EXTENSIONS_MODULE)) as Extensions & { default?: Extensions };
    ext = mod.PersistenceCreator ? mod : (mod.default as Extensions);
    if (!ext?.PersistenceCreator || !ext.PersistenceCachePlugin) throw new Error('it does not export PersistenceCreator');
  } catch (err) {
    return memoryStore(`tokens are kept in memory only (${EXTENSIONS_MODULE} is not installed: ${firstLine(err)})`);
  }
  try {
    const persistence = await ext.PersistenceCreator.createPersistence({
      cachePath: opts.cachePath?.() ?? defaultCachePath(),
      dataProtectionScope: ext.DataProtectionScope?.CurrentUser ?? 'CurrentUser',
      serviceName: 'Sightline',
      accountName: 'MSAL token cache',
      // Never a plaintext file: without libsecret the cache stays in memory instead.
      usePlaintextFileOnLinux: false,
    });
    return {
      plugin: new ext.PersistenceCachePlugin(persistence),
      kind: 'os',
      reason: null,
      clear: async () => {
        await persistence.delete();
      },
    };
  } catch (err) {
    return memoryStore(`tokens are kept in memory only (the operating system's protected store is unavailable: ${firstLine(err)})`);
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200);
}

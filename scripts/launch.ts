// Can Electron start here? Shared by `npm start` (scripts/start.ts) and the Electron smoke test.
// The decision is pure (decideLaunch); gathering the facts only reads files and the environment.
//
// The binary is located the way node_modules/electron/index.js does it (path.txt, then dist/ or
// ELECTRON_OVERRIDE_DIST_PATH) but WITHOUT requiring that module: when the binary is missing,
// require('electron') starts a download, which must not happen as a side effect of a check.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const mainBundle = path.join(repoRoot, 'dist', 'main', 'app.cjs');

export type ElectronLocation = {
  /** node_modules/electron, or null when the package is not installed. */
  packageDir: string | null;
  /** Contents of node_modules/electron/path.txt (written once the binary is downloaded), or null. */
  pathTxt: string | null;
  overrideDistPath?: string | undefined;
};

/** The executable Electron would run, or null when no binary was ever downloaded. */
export function electronExecutable(loc: ElectronLocation): string | null {
  if (!loc.packageDir) return null;
  if (loc.overrideDistPath) return path.join(loc.overrideDistPath, loc.pathTxt || 'electron');
  if (!loc.pathTxt) return null;
  return path.join(loc.packageDir, 'dist', loc.pathTxt);
}

export type LaunchFacts = {
  platform: NodeJS.Platform;
  env: { DISPLAY?: string | undefined; WAYLAND_DISPLAY?: string | undefined };
  packageInstalled: boolean;
  executable: string | null;
  executableExists: boolean;
  mainBundleExists: boolean;
};

export type LaunchDecision = { launch: true; executable: string } | { launch: false; reason: string };

/** Whether Electron can be launched, and if not, every reason why (in words, for one sentence). */
export function decideLaunch(f: LaunchFacts): LaunchDecision {
  const reasons: string[] = [];
  if (!f.packageInstalled) reasons.push('the electron package is not installed');
  else if (!f.executable) reasons.push('no Electron binary was downloaded');
  else if (!f.executableExists) reasons.push(`the Electron binary ${f.executable} is missing`);
  if (f.platform === 'linux' && !f.env.DISPLAY && !f.env.WAYLAND_DISPLAY) {
    reasons.push('no display, as neither DISPLAY nor WAYLAND_DISPLAY is set');
  }
  if (!f.mainBundleExists) reasons.push('dist/main/app.cjs is not built');
  if (reasons.length || !f.executable) return { launch: false, reason: reasons.join(', and ') || 'no Electron binary' };
  return { launch: true, executable: f.executable };
}

/** The one sentence printed when Electron cannot start. */
export function cannotStartMessage(reason: string): string {
  return `Electron cannot start here (${reason}); run \`npm run web\` to use Sightline in a browser.`;
}

export function gatherLaunchFacts(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): LaunchFacts {
  let packageDir: string | null = null;
  try {
    packageDir = path.dirname(createRequire(path.join(repoRoot, 'package.json')).resolve('electron/package.json'));
  } catch {
    packageDir = null;
  }
  let pathTxt: string | null = null;
  if (packageDir) {
    try {
      pathTxt = fs.readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim() || null;
    } catch {
      pathTxt = null;
    }
  }
  const executable = electronExecutable({ packageDir, pathTxt, overrideDistPath: env.ELECTRON_OVERRIDE_DIST_PATH });
  return {
    platform,
    env: { DISPLAY: env.DISPLAY, WAYLAND_DISPLAY: env.WAYLAND_DISPLAY },
    packageInstalled: packageDir !== null,
    executable,
    executableExists: executable !== null && fs.existsSync(executable),
    mainBundleExists: fs.existsSync(mainBundle),
  };
}

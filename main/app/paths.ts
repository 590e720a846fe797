// Where the desktop app finds its parts, relative to the bundled main file (dist/main/app.cjs):
// the renderer build in dist/renderer and the preload bundle in dist/preload/index.cjs. The same
// relative layout holds inside the packaged app.asar.
import path from 'node:path';

export type AppPaths = { rendererDir: string; preload: string };

export function appPaths(mainBundleFile: string): AppPaths {
  const dist = path.resolve(path.dirname(mainBundleFile), '..');
  return { rendererDir: path.join(dist, 'renderer'), preload: path.join(dist, 'preload', 'index.cjs') };
}

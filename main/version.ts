// The package version. Imported (not read at run time) so it is inlined by the esbuild bundle of the
// desktop app, where no package.json sits at '../package.json' of dist/main/app.cjs, and still
// resolves from source under tsx and Vitest.
import pkg from '../package.json' with { type: 'json' };

export const version: string = pkg.version;

#!/usr/bin/env node
// `sightline` as a package bin (npx sightline, npm link): runs the TypeScript CLI through tsx.
// Inside the project, npm puts the pinned Node 22 first on the PATH, which better-sqlite3 needs.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli.ts');

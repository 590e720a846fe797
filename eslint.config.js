// Lint rules, chiefly the import boundaries of ARCHITECTURE.md:
// - preload/contract imports nothing of ours (zod only);
// - main and renderer may import preload/contract, never each other;
// - only main/app and preload/index.ts import 'electron';
// - the renderer never imports Node.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const electron = { name: 'electron', message: "Only main/app and preload/index.ts may import 'electron'." };
const nodeBuiltins = [
  { group: ['node:*'], message: 'The renderer runs in a browser sandbox: no Node modules.' },
  { group: builtinModules.filter((m) => !m.startsWith('_')), message: 'The renderer runs in a browser sandbox: no Node modules.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/app/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [{ group: ['**/renderer/**', '**/preload/index*', '**/preload/bridge*'], message: 'main shares only preload/contract with the renderer.' }] }],
    },
  },
  {
    files: ['main/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'main shares only preload/contract with the renderer.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [...nodeBuiltins, { group: ['**/main/**', '**/preload/index*', '**/preload/bridge*'], message: 'The renderer talks to main only through renderer/api.ts and preload/contract.' }],
        },
      ],
    },
  },
  {
    files: ['preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [{ group: ['../*', '../**', 'node:*'], message: 'preload/contract is runtime-neutral and imports nothing of ours (zod only).' }] }],
    },
  },
  {
    files: ['preload/**/*.ts'],
    ignores: ['preload/index.ts', 'preload/contract/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'The preload may import only preload/contract.' }] }],
    },
  },
);

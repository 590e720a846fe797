// The import boundaries of ARCHITECTURE.md are enforced by ESLint; this proves the rules bite.
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

const eslint = new ESLint({ cwd: repoRoot });

async function errorsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['main/handlers/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/case/x.ts', "import { App } from '../../renderer/App';\nexport const a = App;\n"],
    ['renderer/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['renderer/x.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['renderer/x.ts', "import { handlers } from '../main/handlers';\nexport const a = handlers;\n"],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['preload/contract/x.ts', "import { handlers } from '../../main/handlers';\nexport const a = handlers;\n"],
  ])('%s may not import that', async (file, code) => {
    expect(await errorsFor(file, code)).not.toEqual([]);
  });

  it.each([
    ['main/app/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['preload/index.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n"],
    ['renderer/x.ts', "import { contract } from '../preload/contract';\nexport const a = contract;\n"],
    ['main/handlers/x.ts', "import { contract } from '../../preload/contract';\nexport const a = contract;\n"],
  ])('%s may import that', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});

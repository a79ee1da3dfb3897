// The layering rule of `npm run lint` bites: dependency-cruiser, with the project's own config, fails a
// small src/ tree with an upward import and a cycle between folders, naming each rule.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs the lint's dependency check over a tree of files; its exit status and output. */
async function cruise(files: Record<string, string>): Promise<{ code: number; out: string }> {
  dir = mkdtempSync(join(tmpdir(), 'awsrole-layering-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"nodenext"}}');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const bin = join(ROOT, 'node_modules/.bin/depcruise');
  const args = ['src', '--config', join(ROOT, '.dependency-cruiser.cjs')];
  try {
    const { stdout } = await run(bin, args, { cwd: dir });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

describe('npm run lint: layers point one way', () => {
  it('accepts cli -> commands -> domain', async () => {
    const result = await cruise({
      'src/cli/table.ts': "import { exec } from '../commands/exec.js';\nexport const t = exec;\n",
      'src/commands/exec.ts':
        "import { read } from '../config/read.js';\nexport const exec = read;\n",
      'src/config/read.ts': 'export const read = 1;\n',
    });
    expect(result).toMatchObject({ code: 0 });
  });

  it.each([
    [
      'domain-imports-commands-or-cli',
      {
        'src/config/read.ts':
          "import { exec } from '../commands/exec.js';\nexport const read = exec;\n",
        'src/commands/exec.ts': 'export const exec = 1;\n',
      },
    ],
    [
      'commands-import-cli',
      {
        'src/commands/exec.ts': "import { t } from '../cli/table.js';\nexport const exec = t;\n",
        'src/cli/table.ts': 'export const t = 1;\n',
      },
    ],
    [
      'folder-cycle',
      {
        'src/config/read.ts': "import { s } from '../store/keys.js';\nexport const read = s;\n",
        'src/store/keys.ts': "import { read } from '../config/read.js';\nexport const s = read;\n",
      },
    ],
    [
      'domain-imports-yargs',
      { 'src/config/read.ts': "import yargs from 'yargs';\nexport const read = yargs;\n" },
    ],
  ])('fails on %s, naming the rule', async (rule, files) => {
    const result = await cruise(files);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain(`error ${rule}:`);
  });
});

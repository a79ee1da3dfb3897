// The entry, dist/awsrole.mjs, copied without the rest of dist/: --version and prompt need nothing
// beside it (it imports no shared chunk), and a path it cannot load ends as an internal error.
// The statuses are those of src/errors.ts, which main.ts spells out to stay chunk-free.
import { copyFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { AWSROLE_BIN, type CliEnv, NODE, REPO_ROOT, runProgram } from '../support/cli.js';
import { makeHome, type TempHome } from '../support/home.js';

describe('the entry on its own', () => {
  let home: TempHome;
  let env: CliEnv;
  const alone = (args: string[], extra: Partial<CliEnv> = {}) =>
    runProgram(NODE, [home.path('install', 'bin', 'awsrole'), ...args], {
      env: { ...env, ...extra },
    });

  beforeAll(() => {
    home = makeHome('awsrole-entry-');
    env = { HOME: home.dir };
    for (const dir of ['bin', 'dist']) mkdirSync(home.path('install', dir), { recursive: true });
    copyFileSync(AWSROLE_BIN, home.path('install', 'bin', 'awsrole'));
    copyFileSync(`${REPO_ROOT}/dist/awsrole.mjs`, home.path('install', 'dist', 'awsrole.mjs'));
  });
  afterAll(() => home?.remove());

  it('prints the version and exits with ExitCode.ok', async () => {
    const r = await alone(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(r.code).toBe(ExitCode.ok);
  });

  it('renders the shell prompt segment and exits with ExitCode.ok', async () => {
    const r = await alone(['prompt'], {
      AWSROLE: 'dev',
      AWS_CREDENTIAL_EXPIRATION: '2099-01-01T00:00:00Z',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^dev \(/);
    expect(r.code).toBe(ExitCode.ok);
  });

  it('ends a path whose bundle is missing with one fatal line and ExitCode.internal', async () => {
    for (const args of [['list'], ['exec', 'dev', '--', 'true']]) {
      const r = await alone(args);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^awsrole: fatal: .*Cannot find module/);
      expect(r.code, args.join(' ')).toBe(ExitCode.internal);
    }
  });
});

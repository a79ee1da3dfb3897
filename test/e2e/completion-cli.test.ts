// The binary's side of completion: the printed scripts, the hidden __complete entry point, what
// it offers with a 10,000-profile config, and that every name it offers is one exec resolves.
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runAwsrole } from '../support/cli.js';
import {
  type CompletionWorld,
  completeEntry,
  completionWorld,
  FIXTURE_PROFILES,
  useCompletionWorld,
  writeLargeConfig,
} from '../support/completion/shells.js';

const SCRIPT_FILES = { bash: 'awsrole.bash', zsh: '_awsrole', fish: 'awsrole.fish' };

describe('completion in the binary', () => {
  const world = useCompletionWorld();

  it.each(Object.entries(SCRIPT_FILES))(
    '`awsrole completion %s` prints completions/%s',
    async (shell, file) => {
      const r = await runAwsrole(['completion', shell], { env: world.env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(readFileSync(join(REPO_ROOT, 'completions', file), 'utf8'));
    },
  );

  it('refuses an unknown shell, and keeps __complete out of --help', async () => {
    const bad = await runAwsrole(['completion', 'tcsh'], { env: world.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('awsrole: no completion script for "tcsh" (use bash, zsh, fish)\n');
    const help = await runAwsrole(['--help'], { env: world.env });
    expect(help.stdout).toContain('completion <shell>');
    expect(help.stdout).not.toContain('__complete');
    const usage = await runAwsrole(['__complete', 'csh', '--', 'awsrole', ''], { env: world.env });
    expect(usage.code).toBe(2);
  });

  it('answers each shell in its own form', async () => {
    expect(await completeEntry(world, ['bash', '--', 'awsrole', 'exec', 'ops'])).toEqual([
      'ops\\ admin\\ team',
    ]);
    expect(await completeEntry(world, ['zsh', '--', 'awsrole', 'ex'])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^exec\tRun a command/)]),
    );
    expect((await completeEntry(world, ['fish', '--', 'awsrole', 'exec', ''])).sort()).toEqual(
      [...FIXTURE_PROFILES].sort(),
    );
  });

  it('offers only names exec resolves as profiles', async () => {
    const env = { ...world.env, AWSROLE_BACKEND: 'file' };
    for (const name of FIXTURE_PROFILES) {
      // Past resolution, the file store has no keys: a store error (4), not a config error (3).
      const r = await runAwsrole(['exec', name, '--', 'true'], { env });
      expect(r.code, `${name}: ${r.stderr}`).toBe(4);
    }
    const dropped = await runAwsrole(['exec', 'my team', '--', 'true'], { env });
    expect(dropped.code, dropped.stderr).toBe(3);
  });

  describe('with a 10,000-profile config', () => {
    let large: CompletionWorld;
    beforeAll(() => {
      large = completionWorld();
      writeLargeConfig(large, 10_000);
      // Older than the cache's settling window, as a config usually is.
      const old = Date.now() / 1000 - 3600;
      for (const file of ['config', 'credentials'])
        utimesSync(large.home.path('.aws', file), old, old);
    });
    afterAll(() => large?.remove());

    it('offers every profile, then the right few for a prefix, from the cache as from a scan', async () => {
      for (let pass = 0; pass < 2; pass++) {
        const all = await completeEntry(large, ['fish', '--', 'awsrole', 'exec', '']);
        expect(all).toHaveLength(10_000 + 2);
        expect(all).toContain('team-09999');
        const some = await completeEntry(large, ['bash', '--', 'awsrole', 'exec', 'team-0999']);
        expect(some.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `team-0999${i}`));
      }
      expect(readFileSync(large.home.path('.cache', 'awsrole', 'profile-names'), 'utf8')).toMatch(
        /\nteam-09999\n/,
      );
    });

    it('sees a changed config at once', async () => {
      writeLargeConfig(large, 10_001);
      const some = await completeEntry(large, ['bash', '--', 'awsrole', 'exec', 'team-1000']);
      expect(some).toEqual(['team-10000']);
    });
  });
});

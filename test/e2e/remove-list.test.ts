// `awsrole remove` and `awsrole list` on the file backend (no STS involved: keys added with --no-verify).
import { describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole, runAwsroleInPty } from '../support/cli.js';
import { FAKE_KEY, mustAddKeys, stderrLines } from '../support/e2e.js';
import { useFileUser } from '../support/e2e-setup.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/S3_Full_Access';

describe('remove and list', () => {
  let env: CliEnv;

  const config = () =>
    [
      '[default]',
      'region = us-east-1',
      '[profile s3]',
      `role_arn = ${ROLE_ARN}`,
      'source_profile = default',
      '[profile plain]',
      'region = eu-west-1',
      '',
    ].join('\n');
  useFileUser({ config }, (u) => {
    ({ env } = u);
  });

  async function listJson() {
    const r = await runAwsrole(['list', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).profiles as Record<string, unknown>[];
  }
  const hasKeys = async (profile: string) =>
    (await listJson()).find((p) => p.profile === profile)?.hasKeys;

  describe('list', () => {
    it('--json: every config profile, which have stored keys, role_arn and source', async () => {
      await mustAddKeys(env, 'orphan', FAKE_KEY, ['--no-verify']);
      expect(await listJson()).toEqual([
        {
          profile: 'default',
          hasKeys: true,
          roleArn: null,
          sourceProfile: null,
          region: 'us-east-1',
          inConfig: true,
          plaintextKeys: false,
        },
        {
          profile: 'orphan',
          hasKeys: true,
          roleArn: null,
          sourceProfile: null,
          region: null,
          inConfig: false,
          plaintextKeys: false,
        },
        {
          profile: 'plain',
          hasKeys: false,
          roleArn: null,
          sourceProfile: null,
          region: 'eu-west-1',
          inConfig: true,
          plaintextKeys: false,
        },
        {
          profile: 's3',
          hasKeys: false,
          roleArn: ROLE_ARN,
          sourceProfile: 'default',
          region: null,
          inConfig: true,
          plaintextKeys: false,
        },
      ]);
    });

    it('prints a table on stdout and nothing on stderr', async () => {
      const r = await runAwsrole(['list'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      const rows = r.stdout.trimEnd().split('\n');
      expect(rows[0]).toMatch(/^PROFILE\s+KEYS\s+ROLE\s+SOURCE\s+REGION$/);
      expect(rows.slice(1).map((row) => row.split(/\s{2,}/))).toEqual([
        ['default', 'stored', '-', '-', 'us-east-1'],
        ['plain', '-', '-', '-', 'eu-west-1'],
        ['s3', '-', ROLE_ARN, 'default', '-'],
      ]);
    });
  });

  describe('remove', () => {
    it('--force removes the keys without asking', async () => {
      const r = await runAwsrole(['remove', 'default', '--force'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/removed the keys for profile "default"/);
      expect(await hasKeys('default')).toBe(false);
    });

    it.each([
      ['n', 8, true],
      ['y', 0, false],
    ] as const)(
      'on a terminal, answering %s: exit %i, keys kept: %s',
      async (answer, code, kept) => {
        const r = await runAwsroleInPty(['remove', 'default'], {
          env,
          steps: [
            { expect: /Delete the stored keys for "default"\? \[y\/N\] /, send: `${answer}\r` },
          ],
        });
        expect(r.timedOut, r.transcript).toBe(false);
        expect(r.stepsDone, r.transcript).toBe(1);
        expect(r.code, r.transcript).toBe(code);
        expect(await hasKeys('default')).toBe(kept);
        expect(r.transcript).toMatch(kept ? /nothing removed/ : /removed the keys/);
      },
    );

    it('an unknown profile: exit 4 with one line', async () => {
      const r = await runAwsrole(['remove', 'nobody', '--force'], { env });
      expect(r.code).toBe(4);
      expect(stderrLines(r)).toHaveLength(1);
      expect(r.stderr).toMatch(/no keys stored for profile "nobody"/);
      expect(await hasKeys('default')).toBe(true);
    });
  });
});

// STS out of reach, or refusing before it is asked: bounded, one line, the right exit code.
import { afterEach, describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { addKeys, type Blackhole, FAKE_KEY, startBlackhole, stderrLines } from '../support/e2e.js';
import { useFileUser } from '../support/e2e-setup.js';
import type { TempHome } from '../support/home.js';

const ACCOUNT = '123456789012';

describe('STS failures', () => {
  let home: TempHome;
  let env: CliEnv;
  let blackhole: Blackhole | undefined;

  useFileUser({}, (u) => {
    ({ home, env } = u);
  });
  afterEach(async () => {
    await blackhole?.stop();
    blackhole = undefined;
  });

  it('endpoint on a closed port: exit 6 with one line, well within 15 s', async () => {
    const r = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(r.code, r.stderr).toBe(6);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.stdout).toBe('');
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/STS endpoint unreachable \(ECONNREFUSED\)/);
    expect(lines[0]).toMatch(/AWS_ENDPOINT_URL/);
    // The keys were stored unchecked: a bare role name needs their account, which is what failed.
    expect(lines[0]).toMatch(
      /^awsrole: could not look up the account of profile "default" \(GetCallerIdentity\): /,
    );
  });

  it('add against a closed port: exit 6 and nothing stored', async () => {
    const r = await addKeys(env, 'other', FAKE_KEY);
    expect(r.code, r.stderr).toBe(6);
    expect(stderrLines(r)).toEqual([
      expect.stringMatching(
        /^awsrole: could not check the keys with GetCallerIdentity: STS endpoint unreachable \(ECONNREFUSED\) \(nothing was stored: .* or store the keys unchecked with `awsrole add other --no-verify`\)$/,
      ),
    ]);
    const list = await runAwsrole(['list', '--json'], { env });
    const stored = JSON.parse(list.stdout).profiles.map((p: { profile: string }) => p.profile);
    expect(stored).toEqual(['default']);
  });

  it('an endpoint that accepts and never answers: exit 6 in bounded time (< 20 s)', async () => {
    blackhole = await startBlackhole();
    const r = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], {
      env: { ...env, AWS_ENDPOINT_URL: blackhole.endpoint },
      timeoutMs: 30_000,
    });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(6);
    expect(r.ms).toBeLessThan(20_000);
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/STS endpoint unreachable \(timed out\)/);
  }, 40_000);

  it('role chaining through profiles with --duration 2h: usage error before any STS call', async () => {
    home.writeConfig(
      [
        '[profile s3]',
        `role_arn = arn:aws:iam::${ACCOUNT}:role/S3_Full_Access`,
        'source_profile = default',
        '[profile chained]',
        `role_arn = arn:aws:iam::${ACCOUNT}:role/Chained_Role`,
        'source_profile = s3',
        '',
      ].join('\n'),
    );
    // STS is a closed port: reaching it would be exit 6, not 2.
    const r = await runAwsrole(['exec', 'chained', '--duration', '2h', '--', 'true'], { env });
    expect(r.code, r.stderr).toBe(2);
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/duration 2h is out of range/);
    expect(lines[0]).toMatch(/role chaining is capped at 1h/);
  });
});

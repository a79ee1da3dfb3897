// The AWS CLI "assume a role" walkthrough, played with awsrole; shared by the file and keyring suites.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { addKeys, mustAddKeys, type SeededMoto, stderrLines } from '../support/e2e.js';
import { makeHome, type TempHome } from '../support/home.js';

export type WalkthroughContext = {
  /** The seeded moto of the suite (started in its beforeAll). */
  peer: () => SeededMoto;
  /** The environment of a user of this backend with the given HOME. */
  envFor: (home: TempHome, endpoint: string) => CliEnv;
};

const ACCOUNT = '123456789012';

// Registers the walkthrough tests; each gets a fresh HOME with ~/.aws/config and testfile.txt.
export function walkthroughCases(ctx: WalkthroughContext): void {
  let home: TempHome;
  let env: CliEnv;
  let trusted: Promise<void> | undefined;
  const trustUser = () => {
    trusted ??= ctx.peer().w.trustUser();
    return trusted;
  };
  const user = () => ctx.peer().w.user;

  beforeEach(() => {
    home = makeHome();
    home.writeConfig('[default]\nregion = us-east-1\n');
    home.write('testfile.txt', 'walkthrough payload\n');
    env = ctx.envFor(home, ctx.peer().moto.endpoint);
  });
  afterEach(() => home?.remove());

  it('add default: stores the keys piped on stdin and verifies them with STS', async () => {
    const r = await addKeys(env, 'default', user());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`stored keys for profile "default" for ${user().arn}`);
    const list = await runAwsrole(['list', '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout).profiles as { profile: string; hasKeys: boolean }[];
    expect(rows.find((p) => p.profile === 'default')?.hasKeys).toBe(true);
  });

  it('exec fails with one AccessDenied line (exit 5) while the trust policy does not name the user', async () => {
    expect(trusted, 'this test must run before trustUser()').toBeUndefined();
    await mustAddKeys(env, 'default', user());
    const r = await runAwsrole(
      ['exec', 'S3_Full_Access', '--', 'aws', 's3', 'cp', 'testfile.txt', 's3://a.demo.bucket'],
      { env },
    );
    expect(r.code, r.stderr).toBe(5);
    expect(r.stdout).toBe('');
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/access denied/i);
    expect(lines[0]).toContain(`arn:aws:iam::${ACCOUNT}:role/S3_Full_Access`);
    expect(lines[0]).toContain('not authorized to perform: sts:AssumeRole');
    expect(lines[0]).toMatch(/trust policy must name the caller/);
  });

  it('after trustUser(): exec copies the file into the bucket with the role', async () => {
    await trustUser();
    await mustAddKeys(env, 'default', user());
    const r = await runAwsrole(
      ['exec', 'S3_Full_Access', '--', 'aws', 's3', 'cp', 'testfile.txt', 's3://a.demo.bucket'],
      { env, timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('upload: ./testfile.txt to s3://a.demo.bucket/testfile.txt');
  });

  it('after trustUser(): exec runs aws sts get-caller-identity as the assumed role', async () => {
    await trustUser();
    await mustAddKeys(env, 'default', user());
    const r = await runAwsrole(
      ['exec', 'S3_Full_Access', '--', 'aws', 'sts', 'get-caller-identity'],
      {
        env,
        timeoutMs: 60_000,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const me = JSON.parse(r.stdout) as { Arn: string; Account: string };
    expect(me.Account).toBe(ACCOUNT);
    expect(me.Arn).toMatch(
      new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/S3_Full_Access/awsrole-[\\w+=,.@-]+$`),
    );
  });

  it('exec through a config profile (role_arn + source_profile) uses its role_session_name', async () => {
    await trustUser();
    // As a user of awsrole writes it: the keys of "default" live in the store, not in the config.
    home.writeConfig(
      [
        '[profile s3]',
        `role_arn = ${ctx.peer().w.roleArn}`,
        'source_profile = default',
        'role_session_name = via-profile',
        '',
      ].join('\n'),
    );
    await mustAddKeys(env, 'default', user());
    const r = await runAwsrole(['exec', 's3', '--', 'aws', 'sts', 'get-caller-identity'], {
      env,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).Arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/S3_Full_Access/via-profile`,
    );
  });

  it('exec with a full role ARN can write to the bucket', async () => {
    await trustUser();
    await mustAddKeys(env, 'default', user());
    const r = await runAwsrole(
      [
        'exec',
        ctx.peer().w.roleArn,
        '--',
        'aws',
        's3',
        'cp',
        'testfile.txt',
        's3://a.demo.bucket/by-arn.txt',
      ],
      { env, timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('upload: ./testfile.txt to s3://a.demo.bucket/by-arn.txt');
  });
}

// `awsrole history`: exec, export and credential_process against moto each leave one entry (file
// 0600 in a 0700 directory under the XDG state dir), with where the credentials came from, the
// child's argv[0] and exit status, and never its arguments; --profile, --since and --json filter and format.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { closedPort, type SeededMoto } from '../support/e2e.js';
import { useWalkthroughUser } from '../support/e2e-setup.js';
import type { TempHome } from '../support/home.js';
import { motoPresent } from '../support/moto.js';

describe.skipIf(!motoPresent())('awsrole history', () => {
  let peer: SeededMoto;
  let env: CliEnv;
  let home: TempHome;

  const config = ({ w }: SeededMoto) =>
    `[default]\n[profile s3]\nrole_arn = ${w.roleArn}\nsource_profile = default\n`;
  useWalkthroughUser({ trusted: true, config }, (u) => {
    ({ peer, env, home } = u);
  });

  async function ok(args: string[], extra: Partial<CliEnv> = {}) {
    const r = await runAwsrole(args, { env: { ...env, ...extra } });
    expect(r.code, r.stderr).toBe(0);
    return r;
  }

  it('records exec (STS, then cache), export and credential_process, without arguments or secrets', async () => {
    await ok(['exec', 's3', '--', 'sh', '-c', 'exit 0', 'secret-argument']);
    const failed = await runAwsrole(['exec', 's3', '--', 'sh', '-c', 'exit 3'], { env });
    expect(failed.code).toBe(3);
    const exported = await ok(['export', 's3', '--format', 'json']);
    await ok(['export', 's3', '--format', 'credential-process']);

    const dir = join(home.dir, '.local', 'state', 'awsrole');
    const file = join(dir, 'history.jsonl');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const temporary = JSON.parse(exported.stdout) as Record<string, string>;
    for (const secret of [
      peer.w.user.accessKeyId,
      peer.w.user.secretAccessKey,
      temporary.AccessKeyId ?? '',
      temporary.SecretAccessKey ?? '',
      temporary.SessionToken ?? '',
      'secret-argument',
      'exit 0',
    ]) {
      expect(text).not.toContain(secret);
    }

    const entries = JSON.parse((await ok(['history', '--json'])).stdout) as Record<
      string,
      unknown
    >[];
    expect(entries.map((e) => [e.command, e.source, e.program, e.exit])).toEqual([
      ['exec', 'sts', 'sh', 0],
      ['exec', 'cache', 'sh', 3],
      ['export', 'cache', undefined, undefined],
      ['credential_process', 'cache', undefined, undefined],
    ]);
    expect(entries[0]).toMatchObject({
      profile: 's3',
      sourceProfile: 'default',
      roleArn: peer.w.roleArn,
      durationSeconds: 3600,
      mfa: false,
    });
    expect(Date.parse(String(entries[0]?.expiration))).toBeGreaterThan(Date.now());

    const lines = (await ok(['history'])).stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/exec\s+s3 {2}from sts {2}arn:aws:iam::\d+:role\/S3_Full_Access/);
    expect(lines[1]).toContain('ran "sh"  exit 3');
  });

  it('every issuance leaves one entry: long-term keys exported, a child that never started, a failed console login', async () => {
    await ok(['export', 'default', '--allow-long-term', '--format', 'json']);
    const missing = await runAwsrole(['exec', 's3', '--', 'no-such-program-awsrole'], { env });
    expect(missing.code).toBe(127);
    // A federation endpoint nobody listens on: a loopback port just released.
    const port = await closedPort();
    const login = await runAwsrole(['login', 's3', '--stdout'], {
      env: { ...env, AWSROLE_SIGNIN_ENDPOINT: `http://127.0.0.1:${port}/federation` },
    });
    expect(login.code, login.stderr).toBe(6);
    expect(login.stderr).toMatch(
      new RegExp(
        `cannot reach the sign-in endpoint http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`,
      ),
    );
    expect(login.stderr).not.toContain('TypeError');
    const entries = JSON.parse((await ok(['history', '--json'])).stdout) as Record<
      string,
      unknown
    >[];
    expect(entries.map((e) => [e.command, e.source, e.exit, e.failed !== undefined])).toEqual([
      ['export', 'keys', undefined, false],
      ['exec', 'sts', 'not started', false],
      ['login', 'cache', undefined, true],
    ]);
    expect(String(entries[2]?.failed)).toMatch(/ECONNREFUSED/);
  });

  it('history escapes control characters an entry holds', async () => {
    const dir = join(home.dir, '.local', 'state', 'awsrole');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const entry = {
      time: new Date().toISOString(),
      command: 'exec',
      profile: 'evil\u001b]0;pwned\u0007\rmasked',
      sourceProfile: 'default',
      source: 'sts',
      durationSeconds: 3600,
      mfa: false,
      program: 'sh',
      exit: 0,
    };
    writeFileSync(join(dir, 'history.jsonl'), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    const out = (await ok(['history'])).stdout;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(out).toContain('evil\\u001b]0;pwned\\u0007\\u000dmasked');
  });

  it('filters by --profile and --since, and says where the history is when nothing matches', async () => {
    await ok(['exec', 's3', '--', 'true']);
    await ok(['export', 'default', '--format', 'json']);
    const of = async (...flags: string[]) =>
      (JSON.parse((await ok(['history', '--json', ...flags])).stdout) as { profile: string }[]).map(
        (e) => e.profile,
      );
    expect(await of('--profile', 's3')).toEqual(['s3']);
    // The source profile matches too: both runs started from default's keys.
    expect(await of('--profile', 'default')).toEqual(['s3', 'default']);
    // An entry from two hours ago is listed, but not within --since 1h.
    const file = join(home.dir, '.local', 'state', 'awsrole', 'history.jsonl');
    const [first = ''] = readFileSync(file, 'utf8').split('\n');
    const old = {
      ...JSON.parse(first),
      time: new Date(Date.now() - 2 * 3600_000).toISOString(),
      profile: 'old',
    };
    writeFileSync(file, `${JSON.stringify(old)}\n${readFileSync(file, 'utf8')}`);
    expect(await of()).toContain('old');
    expect(await of('--since', '1h')).toEqual(['s3', 'default']);
    const none = await ok(['history', '--profile', 'nobody']);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('no history entries match');
    const bad = await runAwsrole(['history', '--since', 'soon'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid history window (--since) "soon"');
  });

  it('goes to $XDG_STATE_HOME/awsrole when set, and AWSROLE_HISTORY=off records nothing', async () => {
    const state = home.path('state');
    await ok(['exec', 's3', '--', 'true'], { XDG_STATE_HOME: state });
    expect(readFileSync(join(state, 'awsrole', 'history.jsonl'), 'utf8')).toContain('"exec"');
    await ok(['exec', 's3', '--', 'true'], { AWSROLE_HISTORY: 'off' });
    const entries = JSON.parse((await ok(['history', '--json'])).stdout) as unknown[];
    expect(entries).toEqual([]);
  });
});

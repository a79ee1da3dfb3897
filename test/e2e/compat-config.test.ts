// A config written for the aws CLI works the same in awsrole: keys in any case, a profile that is its
// own source, and duration_seconds values the aws CLI refuses are refused, naming profile, key and line.
// A config or credentials file the aws CLI refuses is refused by every command that reads it, wherever
// the problem is, with the same line `list` gives; completion stays silent.
import { appendFileSync, existsSync, utimesSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CliEnv, type RunResult, runAwsrole, runProgram } from '../support/cli.js';
import { FAKE_KEY, mustAddKeys, type SeededMoto } from '../support/e2e.js';
import { type FileUser, useFileUser, useWalkthroughUser } from '../support/e2e-setup.js';
import { motoPresent } from '../support/moto.js';
import { onPath } from '../support/on-path.js';
import { requirePeer } from '../support/require-peer.js';

describe.skipIf(!motoPresent())('configs written for the aws CLI', () => {
  let peer: SeededMoto;
  let env: CliEnv;
  const config = ({ w }: SeededMoto) =>
    [
      '[default]',
      '[profile Mixed]',
      `Role_Arn = ${w.roleArn}`,
      'Source_Profile = default',
      'REGION = eu-west-3',
      '[profile selfie]',
      `role_arn = ${w.roleArn}`,
      'source_profile = selfie',
      '[profile hours]',
      `role_arn = ${w.roleArn}`,
      'duration_seconds = 2h',
      '[profile noted]',
      `role_arn = ${w.roleArn}`,
      'duration_seconds = 7200 ; two hours',
      '[profile huge]',
      `role_arn = ${w.roleArn}`,
      'duration_seconds = 99999',
      '[profile commented]',
      `role_arn = ${w.roleArn}`,
      'region = eu-west-1 # Ireland',
      '',
    ].join('\n');
  useWalkthroughUser({ trusted: true, config }, (u) => {
    ({ peer, env } = u);
  });

  const callerArn = async (role: string) => {
    const r = await runAwsrole(
      [
        'exec',
        role,
        '--',
        'aws',
        'sts',
        'get-caller-identity',
        '--query',
        'Arn',
        '--output',
        'text',
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim();
  };

  it('assumes the role of a profile whose keys are written Role_Arn / Source_Profile', async () => {
    expect(await callerArn('Mixed')).toMatch(/:assumed-role\/S3_Full_Access\//);
    const region = await runAwsrole(
      ['exec', 'Mixed', '--', 'node', '-e', 'process.stdout.write(process.env.AWS_REGION)'],
      { env: { ...env, AWS_REGION: '' } },
    );
    expect(region.stdout).toBe('eu-west-3');
  });

  it('a profile naming itself as source_profile starts from its own stored keys', async () => {
    await mustAddKeys(env, 'selfie', peer.w.user);
    expect(await callerArn('selfie')).toMatch(/:assumed-role\/S3_Full_Access\//);
  });

  it.each([
    ['hours', '2h', 11],
    ['noted', '7200 ; two hours', 14],
  ])(
    'duration_seconds of %s ("%s") is refused naming the profile, the key and the line',
    async (profile, value, line) => {
      const r = await runAwsrole(['exec', profile, '--', 'true'], { env });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(
        `duration_seconds of profile "${profile}" (${env.HOME}/.aws/config line ${line}) is "${value}", not a whole number of seconds`,
      );
    },
  );

  it('an out-of-range duration_seconds says where it came from (exit 3: a config problem)', async () => {
    const r = await runAwsrole(['exec', 'huge', '--', 'true'], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `duration 99999 (duration_seconds of profile "huge", ${env.HOME}/.aws/config line 17) is out of range`,
    );
  });

  it('a name one typo from a profile is refused with "did you mean", and role/NAME means the role', async () => {
    const typo = await runAwsrole(['exec', 'Mixd', '--', 'true'], { env });
    expect(typo.code).toBe(3);
    expect(typo.stderr).toBe(
      'awsrole: "Mixd" is not a profile; did you mean Mixed? (to assume a role of exactly that name, write role/Mixd or its full role ARN)\n',
    );
    expect(await callerArn('role/S3_Full_Access')).toMatch(/:assumed-role\/S3_Full_Access\//);
  });

  it('a region with a comment after it (part of the value, as for the aws CLI) is refused naming the line', async () => {
    const r = await runAwsrole(['exec', 'commented', '--', 'true'], {
      env: { ...env, AWS_REGION: '' },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `region of profile "commented" (${env.HOME}/.aws/config line 20) is "eu-west-1 # Ireland", not a region name`,
    );
    // A region from the environment wins, so the profile's is not used (nor refused).
    expect(await callerArn('commented')).toMatch(/:assumed-role\/S3_Full_Access\//);
  });
});

describe.runIf(requirePeer('the aws CLI', onPath('aws')))('files the aws CLI refuses', () => {
  let user: FileUser;
  const CONFIG = [
    '[default]',
    'region = us-east-1',
    '[profile a]',
    'role_arn = arn:aws:iam::123456789012:role/S3_Full_Access',
    'source_profile = default',
    '[profile z]',
    'region = eu-west-1',
    '',
  ].join('\n');
  const CREDENTIALS = '[other]\nregion = eu-west-1\n';
  useFileUser({ config: () => CONFIG, per: 'suite' }, (u) => {
    user = u;
  });
  const path = (file: 'config' | 'credentials') => user.home.path(`.aws/${file}`);

  /** Writes both files and asks the aws CLI about them (`configure list` reads both). */
  const write = (config: string, credentials: string): Promise<RunResult> => {
    user.home.write('.aws/config', config);
    user.home.write('.aws/credentials', credentials);
    return runProgram('aws', ['configure', 'list', '--profile', 'z'], { env: user.env });
  };
  const refusedByAws = (r: RunResult, file: 'config' | 'credentials') => {
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`Unable to parse config file: ${path(file)}`);
  };
  /** The one line every command prints for the file. */
  const refusal = (file: 'config' | 'credentials', reason: string, line: number) =>
    `awsrole: cannot parse ${path(file)}: ${reason} on line ${line} (fix that line; \`aws configure list\` refuses this file too)\n`;
  const mustRefuse = async (args: string[], expected: string) => {
    const r = await user.run(args);
    expect({ code: r.code, stderr: r.stderr, args }).toEqual({ code: 3, stderr: expected, args });
  };

  it('the files as written are accepted by both (exec gets as far as STS, a closed port)', async () => {
    expect((await write(CONFIG, CREDENTIALS)).code).toBe(0);
    const r = await user.run(['exec', 'a', '--', 'true']);
    expect(r.code, r.stderr).toBe(6);
  });

  const NOT_KEY_VALUE = 'a line that is neither "[section]" nor "key = value"';
  it.each([
    {
      what: 'a line without "=" in another profile',
      config: `${CONFIG}foo\n`,
      file: 'config' as const,
      reason: NOT_KEY_VALUE,
      line: 8,
    },
    {
      what: 'a key set twice in another profile',
      config: `${CONFIG}Region = eu-west-2\n`,
      file: 'config' as const,
      reason: 'key "region" appears twice in a section',
      line: 8,
    },
    {
      what: 'a setting before any section header',
      config: `region = us-east-1\n${CONFIG}`,
      file: 'config' as const,
      reason: 'a setting before any [section] header',
      line: 1,
    },
    {
      what: 'a nested value with a line without "=" in another profile',
      config: `${CONFIG}s3 =\n  max_concurrent_requests 10\n`,
      file: 'config' as const,
      reason: 'the nested value of "s3" has a line without "="',
      line: 8,
    },
    {
      what: 'a line without "=" in another section of the credentials file',
      credentials: `${CREDENTIALS}[z]\nfoo\n`,
      file: 'credentials' as const,
      reason: NOT_KEY_VALUE,
      line: 4,
    },
    {
      what: 'a key set twice in another section of the credentials file',
      credentials: `${CREDENTIALS}REGION = us-east-1\n`,
      file: 'credentials' as const,
      reason: 'key "region" appears twice in a section',
      line: 3,
    },
  ])('$what: exec, export and list refuse it as the aws CLI does', async (c) => {
    refusedByAws(await write(c.config ?? CONFIG, c.credentials ?? CREDENTIALS), c.file);
    const expected = refusal(c.file, c.reason, c.line);
    await mustRefuse(['exec', 'a', '--', 'true'], expected);
    await mustRefuse(['export', 'a'], expected);
    await mustRefuse(['list'], expected);
  });

  it('every other command that reads the config refuses it the same way; completion stays silent', async () => {
    refusedByAws(await write(`${CONFIG}foo\n`, CREDENTIALS), 'config');
    const expected = refusal('config', NOT_KEY_VALUE, 8);
    await mustRefuse(['export', 'a', '--format', 'credential-process'], expected);
    await mustRefuse(['login', 'a', '--stdout'], expected);
    await mustRefuse(['rotate', 'a', '--yes'], expected);
    const keys = `${FAKE_KEY.accessKeyId}\n${FAKE_KEY.secretAccessKey}\n`;
    const add = await user.run(['add', 'a'], { input: keys });
    expect({ code: add.code, stderr: add.stderr }).toEqual({ code: 3, stderr: expected });
    const complete = await user.run(['__complete', 'fish', '--', 'awsrole', 'exec', '']);
    expect({ code: complete.code, stderr: complete.stderr }).toEqual({ code: 0, stderr: '' });
    expect(complete.stdout.split('\n')).toEqual(expect.arrayContaining(['a', 'z']));
    // Keys taken from a credentials file the aws CLI refuses: the same line.
    const credentials = `${CREDENTIALS}[z]\nfoo\n`;
    refusedByAws(await write(CONFIG, credentials), 'credentials');
    await mustRefuse(
      ['add', 'other', '--from-credentials-file'],
      refusal('credentials', NOT_KEY_VALUE, 4),
    );
  });

  it('a large config whose sections were remembered is refused once a bad line is added to another profile', async () => {
    const others = Array.from(
      { length: 3_000 },
      (_, i) =>
        `[profile team-${i}]\nrole_arn = arn:aws:iam::123456789012:role/team-${i}\nsource_profile = default\n`,
    );
    const large = CONFIG + others.join('');
    expect(large.length).toBeGreaterThan(256 * 1024);
    expect((await write(large, CREDENTIALS)).code).toBe(0);
    // Both files older than two seconds: what is read from them may be remembered.
    const then = Date.now() / 1000 - 60;
    for (const file of ['config', 'credentials'] as const) utimesSync(path(file), then, then);
    for (let run = 0; run < 2; run++) {
      const r = await user.run(['exec', 'a', '--', 'true']);
      expect(r.code, r.stderr).toBe(6);
    }
    expect(existsSync(user.home.path('.cache/awsrole/config-sections'))).toBe(true);
    appendFileSync(path('config'), 'foo\n');
    const line = large.split('\n').length;
    refusedByAws(
      await runProgram('aws', ['configure', 'list', '--profile', 'z'], { env: user.env }),
      'config',
    );
    await mustRefuse(['exec', 'a', '--', 'true'], refusal('config', NOT_KEY_VALUE, line));
  });
});

// A config written for the aws CLI works the same in awsrole: keys in any case, a profile that is its
// own source, and duration_seconds values the aws CLI refuses are refused, naming profile, key and line.
import { describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { mustAddKeys, type SeededMoto } from '../support/e2e.js';
import { useWalkthroughUser } from '../support/e2e-setup.js';
import { motoPresent } from '../support/moto.js';

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

import { describe, expect, it } from 'vitest';
import type { ProfileSettings } from '../../../src/config/aws-config.js';
import { SOURCE_POLICY } from '../../../src/sources/registry.js';
import { completeTarget, resolveTarget, type TargetOptions } from '../../../src/target/target.js';
import { failure } from '../../support/awsrole-error.js';
import { awsConfig } from '../../support/fakes/aws-config.js';

const ARN = 'arn:aws:iam::123456789012:role/S3_Full_Access';

const env = { USER: 'alice' };

async function resolve(
  given: string,
  profiles: Record<string, ProfileSettings>,
  options: TargetOptions = {},
) {
  return resolveTarget(given, options, awsConfig(profiles), env, SOURCE_POLICY);
}

describe('resolveTarget: profiles', () => {
  it('uses role_arn, source_profile and the profile settings', async () => {
    const target = await resolve('prod', {
      default: { aws_access_key_id: 'x' },
      prod: {
        role_arn: ARN,
        source_profile: 'default',
        region: 'eu-west-1',
        external_id: 'ext-1',
        role_session_name: 'me',
        duration_seconds: '7200',
      },
    });
    expect(target).toEqual({
      given: 'prod',
      sourceProfile: 'default',
      steps: [
        {
          roleArn: ARN,
          sessionName: 'me',
          externalId: 'ext-1',
          durationSeconds: 7200,
          profile: 'prod',
        },
      ],
      durationSeconds: 7200,
      region: 'eu-west-1',
      mfaSerial: undefined,
      rule: 'config-profile',
      mfaProcess: undefined,
      mfaPrompt: {
        prompt: undefined,
        oathAccount: undefined,
        oathDevice: undefined,
        passEntry: undefined,
      },
    });
  });

  it('defaults: 1h, awsrole-<user>, source "default"', async () => {
    const target = await resolve('prod', { prod: { role_arn: ARN } });
    expect(target.sourceProfile).toBe('default');
    expect(target.steps[0]?.sessionName).toBe('awsrole-alice');
    expect(target.durationSeconds).toBe(3600);
  });

  it.each([
    ['--region', { region: 'eu-west-1; rm -rf' }, {}],
    ['AWS_REGION', {}, { AWS_REGION: 'eu west 1' }],
  ])('a region that cannot name an endpoint is refused, naming %s', (where, options, extra) => {
    let caught: unknown;
    try {
      resolveTarget(
        'prod',
        options,
        awsConfig({ prod: { role_arn: ARN } }),
        { ...env, ...extra },
        SOURCE_POLICY,
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ exitCode: 2 });
    expect((caught as Error).message).toMatch(new RegExp(`^${where} is ".*", not a region name$`));
  });

  it('flags override profile settings', async () => {
    const target = await resolve(
      'prod',
      { prod: { role_arn: ARN, region: 'eu-west-1', duration_seconds: '7200' }, ops: {} },
      {
        duration: '90m',
        region: 'us-west-2',
        sessionName: 'flag',
        externalId: 'ext-flag',
        source: 'ops',
      },
    );
    expect(target.sourceProfile).toBe('ops');
    expect(target.region).toBe('us-west-2');
    expect(target.steps[0]).toMatchObject({
      durationSeconds: 5400,
      sessionName: 'flag',
      externalId: 'ext-flag',
    });
  });

  it('follows source_profile chains in assume order and caps chained hops', async () => {
    const target = await resolve('c', {
      base: {},
      a: {
        role_arn: 'arn:aws:iam::111111111111:role/A',
        source_profile: 'base',
        duration_seconds: '14400',
      },
      b: {
        role_arn: 'arn:aws:iam::222222222222:role/B',
        source_profile: 'a',
        duration_seconds: '14400',
      },
      c: { role_arn: 'arn:aws:iam::333333333333:role/C', source_profile: 'b' },
    });
    expect(target.sourceProfile).toBe('base');
    expect(target.steps.map((s) => [s.roleArn.split(':')[4], s.durationSeconds])).toEqual([
      ['111111111111', 14400],
      ['222222222222', 3600],
      ['333333333333', 3600],
    ]);
  });

  it('refuses more than 1h when role chaining', async () => {
    const error = await failure(
      resolve(
        'b',
        {
          base: {},
          a: { role_arn: ARN, source_profile: 'base' },
          b: { role_arn: ARN, source_profile: 'a' },
        },
        { duration: '2h' },
      ),
    );
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('2h');
    expect(error.hint).toContain('chaining');
  });

  it('detects source_profile cycles and names them', async () => {
    const error = await failure(
      resolve('a', {
        a: { role_arn: ARN, source_profile: 'b' },
        b: { role_arn: ARN, source_profile: 'a' },
      }),
    );
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe('source_profile cycle: a -> b -> a');
  });

  it('takes a source_profile without a config section as a profile whose keys are in the store', async () => {
    const target = await resolve('a', { a: { role_arn: ARN, source_profile: 'base' } });
    expect(target.sourceProfile).toBe('base');
    expect(target.steps.map((s) => s.roleArn)).toEqual([ARN]);
  });

  it('refuses a profile with both role_arn and keys', async () => {
    const error = await failure(
      resolve('a', { a: { role_arn: ARN, source_profile: 'b', aws_access_key_id: 'AKIA' }, b: {} }),
    );
    expect(error.message).toContain('both role_arn and aws_access_key_id');
  });

  it('refuses unsupported credential sources with a hint', async () => {
    const error = await failure(
      resolve('a', { a: { role_arn: ARN, credential_source: 'Ec2InstanceMetadata' } }),
    );
    expect(error.message).toContain('credential_source');
    const cp = await failure(resolve('a', { a: { credential_process: 'awsrole export x' } }));
    expect(cp.message).toContain('credential_process');
  });

  it('takes mfa_serial from the role profile or its source', async () => {
    const target = await resolve('a', {
      base: { mfa_serial: 'arn:aws:iam::123456789012:mfa/alice' },
      a: { role_arn: ARN, source_profile: 'base' },
    });
    expect(target.mfaSerial).toBe('arn:aws:iam::123456789012:mfa/alice');
  });

  it('a profile without role_arn means a session for its own keys', async () => {
    const target = await resolve('default', { default: { region: 'eu-central-1' } });
    expect(target).toMatchObject({
      sourceProfile: 'default',
      steps: [],
      durationSeconds: 3600,
      region: 'eu-central-1',
    });
  });

  it('rejects bad session names and external ids from the profile', async () => {
    expect(
      (await failure(resolve('a', { a: { role_arn: ARN, role_session_name: 'bad name!' } })))
        .message,
    ).toContain('session name');
    expect(
      (await failure(resolve('a', { a: { role_arn: ARN, external_id: 'x' } }))).message,
    ).toContain('external id');
  });

  it('rejects malformed role_arn in a profile', async () => {
    const error = await failure(
      resolve('a', { a: { role_arn: 'arn:aws:iam::12345678901:role/X' } }),
    );
    expect(error.hint).toContain('12 digits');
  });
});

describe('resolveTarget: ARNs and role names', () => {
  it('accepts a full role ARN with the source from --source', async () => {
    const target = await resolve(ARN, { ops: {} }, { source: 'ops' });
    expect(target).toMatchObject({
      sourceProfile: 'ops',
      steps: [{ roleArn: ARN, durationSeconds: 3600 }],
    });
  });

  it('leaves a bare role name pending until the source account is known', async () => {
    const pending = resolveTarget(
      'S3_Full_Access',
      { source: 'ops' },
      awsConfig({}),
      env,
      SOURCE_POLICY,
    );
    expect(pending.pendingRoleName).toBe('S3_Full_Access');
    const seen: string[] = [];
    const target = await completeTarget(pending, async (profile) => {
      seen.push(profile);
      return { partition: 'aws-cn', accountId: '123456789012' };
    });
    expect(seen).toEqual(['ops']);
    expect(target.pendingRoleName).toBeUndefined();
    expect(target.steps[0]?.roleArn).toBe('arn:aws-cn:iam::123456789012:role/S3_Full_Access');
  });

  it('completeTarget leaves resolved targets alone without a lookup', async () => {
    const target = await resolve(ARN, {});
    const same = await completeTarget(target, async () => {
      throw new Error('no lookup expected');
    });
    expect(same).toBe(target);
  });

  it.each([
    ['arn:aws:iam::12345678901:role/x', '12 digits'],
    ['arn:aws:iam::123456789012:user/x', 'role/'],
    ['arn:foo:iam::123456789012:role/x', 'partition'],
    [`${ARN} `, 'spaces'],
  ])('rejects the ARN %s', async (arn, text) => {
    const error = await failure(resolve(arn, {}));
    expect(error.exitCode).toBe(2);
    expect(`${error.message} ${error.hint}`).toContain(text);
  });

  it('names what was tried and suggests close profile names', async () => {
    const error = await failure(
      resolve('prdo env', { prod: { role_arn: ARN }, 'prod-env': { role_arn: ARN } }),
    );
    expect(error.message).toContain('not a profile');
    expect(error.message).toContain('role ARN');
    expect(error.hint).toContain('"prod-env"');
  });

  it('an out-of-range duration_seconds is a config error (exit 3) naming the key; the same as --duration is exit 2', async () => {
    const profiles = { p: { role_arn: ARN, duration_seconds: '60' } };
    const config = await failure(resolve('p', profiles));
    expect(config.exitCode).toBe(3);
    expect(config.message).toMatch(
      /^duration 60 \(duration_seconds of profile "p".*\) is out of range$/,
    );
    const flag = await failure(resolve('p', profiles, { duration: '1m' }));
    expect(flag.exitCode).toBe(2);
  });

  it('a role_session_name or external_id of the wrong shape is a config error naming its key', async () => {
    const named = await failure(resolve('p', { p: { role_arn: ARN, role_session_name: 'a b' } }));
    expect(named.exitCode).toBe(3);
    expect(named.message).toBe('role_session_name of profile "p": invalid session name "a b"');
    const external = await failure(resolve('p', { p: { role_arn: ARN, external_id: 'x' } }));
    expect(external.exitCode).toBe(3);
    expect(external.message).toBe('external_id of profile "p": invalid external id');
  });

  it.each(['abc', '0', '-1h', '10m', '13h', '1e9'])(
    'rejects the duration %s before any STS call',
    async (duration) => {
      const error = await failure(resolve(ARN, {}, { duration }));
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(duration);
    },
  );
});

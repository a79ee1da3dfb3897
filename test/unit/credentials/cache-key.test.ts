import { describe, expect, it } from 'vitest';
import { roleCacheKey } from '../../../src/credentials/cache-key.js';
import { mfaSessionCacheKey } from '../../../src/sources/mfa-session.js';
import { SOURCE_POLICY } from '../../../src/sources/registry.js';
import { SESSION_ACCOUNT_PREFIX } from '../../../src/store/secret-store.js';
import { resolveTarget, type Target } from '../../../src/target/target.js';
import { awsConfig } from '../../support/fakes/aws-config.js';
import { MFA_SERIAL, ROLE_ARN, roleTarget } from '../../support/fakes/role-target.js';

const base = roleTarget();
const step = base.steps[0] ?? { roleArn: '', sessionName: '', durationSeconds: 0 };

function withStep(change: Partial<Target['steps'][number]>): Target {
  return { ...base, steps: [{ ...step, ...change }] };
}

describe('roleCacheKey', () => {
  it('is a stable session: account name with a hash and no readable parts', () => {
    const key = roleCacheKey(base);
    expect(key).toBe(roleCacheKey(roleTarget()));
    expect(key).toMatch(new RegExp(`^${SESSION_ACCOUNT_PREFIX}[0-9a-f]{40}$`));
    expect(key).not.toContain('S3_Full_Access');
  });

  it.each<[string, Target]>([
    ['source profile', { ...base, sourceProfile: 'other' }],
    ['role ARN', withStep({ roleArn: 'arn:aws:iam::123456789012:role/Other' })],
    ['session name', withStep({ sessionName: 'someone-else' })],
    ['external id', withStep({ externalId: 'ext-123' })],
    ['step duration', withStep({ durationSeconds: 900 })],
    ['requested duration', { ...base, durationSeconds: 7200 }],
    ['MFA device', { ...base, mfaSerial: MFA_SERIAL }],
    ['another hop', { ...base, steps: [step, { ...step, roleArn: `${ROLE_ARN}2` }] }],
    ['bare role name', { ...withStep({ roleArn: '' }), pendingRoleName: 'S3_Full_Access' }],
  ])('changes with the %s', (_field, changed) => {
    expect(roleCacheKey(changed)).not.toBe(roleCacheKey(base));
  });

  it.each<[string, Target]>([
    ['region', { ...base, region: 'eu-west-1' }],
    ['no region', { ...base, region: undefined }],
    ['mfa_process', { ...base, mfaProcess: 'echo 123456' }],
    ['step profile', withStep({ profile: 'somewhere' })],
  ])('ignores the %s (STS would answer the same)', (_field, changed) => {
    expect(roleCacheKey(changed)).toBe(roleCacheKey(base));
  });

  it('keeps a bare role name apart from the same role given as an ARN', () => {
    const profiles = awsConfig({ default: { region: 'us-east-1' } });
    const env = { USER: 'alice' };
    const bare = resolveTarget('S3_Full_Access', {}, profiles, env, SOURCE_POLICY);
    const arn = resolveTarget(ROLE_ARN, {}, profiles, env, SOURCE_POLICY);
    expect(bare.pendingRoleName).toBe('S3_Full_Access');
    expect(roleCacheKey(bare)).not.toBe(roleCacheKey(arn));
    expect(roleCacheKey(bare)).toBe(
      roleCacheKey(resolveTarget('S3_Full_Access', {}, profiles, env, SOURCE_POLICY)),
    );
  });

  it('gives a profile and its flags the keys their resolved values imply', () => {
    const profiles = awsConfig({
      default: {},
      s3: { role_arn: ROLE_ARN, source_profile: 'default', region: 'us-east-1' },
    });
    const env = { USER: 'alice' };
    const plain = roleCacheKey(resolveTarget('s3', {}, profiles, env, SOURCE_POLICY));
    expect(
      roleCacheKey(resolveTarget('s3', { region: 'eu-west-1' }, profiles, env, SOURCE_POLICY)),
    ).toBe(plain);
    expect(
      roleCacheKey(resolveTarget('s3', { duration: '2h' }, profiles, env, SOURCE_POLICY)),
    ).not.toBe(plain);
    expect(
      roleCacheKey(resolveTarget('s3', { sessionName: 'x-y' }, profiles, env, SOURCE_POLICY)),
    ).not.toBe(plain);
    expect(
      roleCacheKey(resolveTarget('s3', { externalId: 'ext-1' }, profiles, env, SOURCE_POLICY)),
    ).not.toBe(plain);
    expect(
      roleCacheKey(resolveTarget('s3', { mfaSerial: MFA_SERIAL }, profiles, env, SOURCE_POLICY)),
    ).not.toBe(plain);
  });
});

describe('mfaSessionCacheKey', () => {
  it('depends on the source profile and the device only', () => {
    const key = mfaSessionCacheKey('default', MFA_SERIAL);
    expect(key.startsWith(SESSION_ACCOUNT_PREFIX)).toBe(true);
    expect(mfaSessionCacheKey('default', MFA_SERIAL)).toBe(key);
    expect(mfaSessionCacheKey('other', MFA_SERIAL)).not.toBe(key);
    expect(mfaSessionCacheKey('default', `${MFA_SERIAL}2`)).not.toBe(key);
  });

  it('never collides with the role key of the same source and device', () => {
    const bareSession: Target = { ...base, steps: [], mfaSerial: MFA_SERIAL };
    expect(roleCacheKey(bareSession)).not.toBe(mfaSessionCacheKey('default', MFA_SERIAL));
  });
});

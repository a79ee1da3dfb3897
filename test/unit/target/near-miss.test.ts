// A bare word a typo away from a profile is refused with the profile it probably meant, never sent
// to STS as a role name; `role/NAME` or a full ARN is how to mean the role.

import { describe, expect, it } from 'vitest';
import { AwsroleError, formatError } from '../../../src/errors.js';
import { SOURCE_POLICY } from '../../../src/sources/registry.js';
import { completeTarget, resolveTarget } from '../../../src/target/target.js';
import { awsConfig } from '../../support/fakes/aws-config.js';

const ARN = 'arn:aws:iam::123456789012:role/S3_Full_Access';
const config = awsConfig({
  default: {},
  S3_Full_Access: { role_arn: ARN },
  prod: { role_arn: ARN },
});
const env = { USER: 'alice' };

function refusal(given: string): AwsroleError {
  try {
    resolveTarget(given, {}, config, env, SOURCE_POLICY);
  } catch (error) {
    if (error instanceof AwsroleError) return error;
    throw error;
  }
  throw new Error(`"${given}" was accepted`);
}

describe('a name near a profile', () => {
  it.each([
    ['S3_Full_Acess', 'S3_Full_Access'],
    ['s3_full_access', 'S3_Full_Access'],
    ['S3_Full_Acces', 'S3_Full_Access'],
    ['prdo', 'prod'],
  ])('%s is refused with "did you mean %s?" and the explicit forms', (given, meant) => {
    const error = refusal(given);
    expect(error.exitCode).toBe(3);
    expect(formatError(error)).toBe(
      `awsrole: "${given}" is not a profile; did you mean ${meant}? (to assume a role of exactly that name, write role/${given} or its full role ARN)`,
    );
  });

  it('role/NAME is the role of that name, even next to a similar profile', async () => {
    const pending = resolveTarget('role/S3_Full_Acess', {}, config, env, SOURCE_POLICY);
    expect(pending.pendingRoleName).toBe('S3_Full_Acess');
    const target = await completeTarget(pending, async () => ({
      partition: 'aws',
      accountId: '123456789012',
    }));
    expect(target.steps[0]?.roleArn).toBe('arn:aws:iam::123456789012:role/S3_Full_Acess');
  });

  it('a bare role name far from every profile is still a role name', () => {
    expect(resolveTarget('ReadOnlyAuditor', {}, config, env, SOURCE_POLICY).pendingRoleName).toBe(
      'ReadOnlyAuditor',
    );
  });

  it('role/ followed by something that is no role name is a usage error', () => {
    expect(refusal('role/a b').exitCode).toBe(2);
    expect(refusal('role/').exitCode).toBe(2);
  });
});

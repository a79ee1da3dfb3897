// The role, MFA device and keys unit tests of the credential flow use, and a target built from them.
import type { Target } from '../../../src/target/target.js';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/S3_Full_Access';
export const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
export const BASE_KEYS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

// A one-hop target for ROLE_ARN from the "default" profile; override any field.
export function roleTarget(overrides: Partial<Target> = {}): Target {
  const durationSeconds = overrides.durationSeconds ?? 3600;
  return {
    given: 's3',
    sourceProfile: 'default',
    steps: [{ roleArn: ROLE_ARN, sessionName: 'awsrole-alice', durationSeconds }],
    durationSeconds,
    region: 'us-east-1',
    ...overrides,
  };
}

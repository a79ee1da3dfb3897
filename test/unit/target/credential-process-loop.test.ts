import { describe, expect, it } from 'vitest';
import type { ProfileSettings } from '../../../src/config/aws-config.js';
import { AwsroleError, ExitCode } from '../../../src/errors.js';
import { SOURCE_POLICY } from '../../../src/sources/registry.js';
import { resolveTarget } from '../../../src/target/target.js';
import { awsConfig } from '../../support/fakes/aws-config.js';

function failure(given: string, profiles: Record<string, ProfileSettings>): AwsroleError {
  try {
    resolveTarget(given, {}, awsConfig(profiles), { USER: 'alice' }, SOURCE_POLICY);
  } catch (error) {
    if (error instanceof AwsroleError) return error;
    throw error;
  }
  throw new Error('resolveTarget did not throw');
}

describe('a profile whose credential_process runs awsrole', () => {
  it.each([
    'awsrole export --format credential-process loop',
    '/usr/local/bin/awsrole export -f credential-process loop',
    '/usr/bin/node /opt/awsrole/bin/awsrole export loop',
    'npx awsrole export loop',
    '"C:\\Program Files\\awsrole\\awsrole.cmd" export loop',
  ])('is refused as a loop (exit 7): %s', (command) => {
    const error = failure('loop', { loop: { credential_process: command } });
    expect(error.exitCode).toBe(ExitCode.refused);
    expect(error.message).toBe(
      'profile "loop" gets its credentials from awsrole itself (credential_process), so awsrole cannot start from it: that would loop',
    );
    expect(error.hint).toContain('awsrole add');
  });

  it('is refused as the source_profile of a role too', () => {
    const error = failure('admin', {
      admin: { role_arn: 'arn:aws:iam::123456789012:role/Admin', source_profile: 'base' },
      base: { credential_process: 'awsrole export base' },
    });
    expect(error.exitCode).toBe(ExitCode.refused);
    expect(error.message).toContain('profile "base"');
  });

  it.each(['/usr/bin/aws-helper --profile x', 'awsrole-helper get x', 'my_awsrole export x'])(
    'other credential_process commands stay a config error (exit 3): %s',
    (command) => {
      const error = failure('other', { other: { credential_process: command } });
      expect(error.exitCode).toBe(ExitCode.config);
      expect(error.message).toContain('gets its credentials from credential_process');
    },
  );
});

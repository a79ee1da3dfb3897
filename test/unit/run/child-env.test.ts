import { describe, expect, it } from 'vitest';
import { buildChildEnv, REMOVED_VARIABLES } from '../../../src/run/child-env.js';

const credentials = {
  accessKeyId: 'ASIATEMPORARY0000001',
  secretAccessKey: 'temporary-secret',
  sessionToken: 'token',
  expiration: new Date('2030-01-02T03:04:05.678Z'),
};

describe('buildChildEnv', () => {
  it('removes every credential source and sets the session', () => {
    const parent: Record<string, string> = {
      PATH: '/bin',
      AWS_ENDPOINT_URL: 'http://x',
      AWS_CA_BUNDLE: '/ca',
      KEEP: '1',
    };
    for (const key of REMOVED_VARIABLES) parent[key] = `parent-${key}`;
    const env = buildChildEnv(parent, { role: 'prod', credentials, region: 'eu-west-1' });
    for (const key of REMOVED_VARIABLES) {
      expect(Object.values(env)).not.toContain(`parent-${key}`);
    }
    expect(env).toMatchObject({
      PATH: '/bin',
      KEEP: '1',
      AWS_ENDPOINT_URL: 'http://x',
      AWS_CA_BUNDLE: '/ca',
      AWS_ACCESS_KEY_ID: 'ASIATEMPORARY0000001',
      AWS_SECRET_ACCESS_KEY: 'temporary-secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-02T03:04:05Z',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWSROLE: 'prod',
    });
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWSROLE_FILE_PASSPHRASE).toBeUndefined();
  });

  it('keeps the parent region under both names when none is resolved, and never mutates the parent', () => {
    const parent = { AWS_REGION: 'us-west-2', AWS_PROFILE: 'x' };
    const env = buildChildEnv(parent, { role: 'r', credentials });
    expect(env.AWS_REGION).toBe('us-west-2');
    expect(env.AWS_DEFAULT_REGION).toBe('us-west-2');
    expect(parent.AWS_PROFILE).toBe('x');
    const fromDefault = buildChildEnv(
      { AWS_DEFAULT_REGION: 'eu-north-1' },
      { role: 'r', credentials },
    );
    expect(fromDefault.AWS_REGION).toBe('eu-north-1');
    expect(buildChildEnv({}, { role: 'r', credentials }).AWS_REGION).toBeUndefined();
  });
});

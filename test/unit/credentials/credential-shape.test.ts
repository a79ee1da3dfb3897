// The one shape check every credential from a service passes before it is cached or handed on.
import { describe, expect, it } from 'vitest';
import { checkedCredentials, credentialsFlaw } from '../../../src/credentials/credential-shape.js';
import { ExitCode } from '../../../src/errors.js';
import { thrown } from '../../support/awsrole-error.js';
import { BASE_KEYS } from '../../support/fakes/role-target.js';

/** What STS answers: base64 secret and token (+, /, =), an expiration. */
const GOOD = {
  ...BASE_KEYS,
  sessionToken: 'FQoGZXIvYXdzEBYa+/token==',
  expiration: new Date(2e12),
};

describe('credentialsFlaw', () => {
  it('accepts what STS, IAM Identity Center and the sign-in service answer (no token for long-term keys)', () => {
    expect(credentialsFlaw(GOOD)).toBeUndefined();
    expect(credentialsFlaw({ ...GOOD, sessionToken: undefined, expiration: undefined })).toBe(
      undefined,
    );
  });

  it.each([
    [{ sessionToken: 'abc\nexport LD_PRELOAD=/tmp/x' }, 'the session token holds a line break'],
    [{ sessionToken: "abc'; rm -rf ~; '" }, 'the session token holds a quote'],
    [{ secretAccessKey: 'abc\u0007def' }, 'the secret access key holds a control character'],
    [{ secretAccessKey: 'abc def' }, 'the secret access key holds white space'],
    [{ secretAccessKey: 'abc$(id)' }, 'the secret access key holds the character "$"'],
    [{ sessionToken: '' }, 'the session token is empty'],
    [{ accessKeyId: 'ASIA"X' }, 'the access key id holds a quote'],
    [{ accessKeyId: 'ASIA' }, 'the access key id has 4 characters'],
    [{ accessKeyId: undefined }, 'the access key id is missing'],
    [{ expiration: new Date('not a time') }, 'the expiration is not a time'],
  ])('%o: %s', (change, problem) => {
    expect(credentialsFlaw({ ...GOOD, ...change } as typeof GOOD)).toBe(problem);
  });
});

describe('checkedCredentials', () => {
  it('returns sound credentials unchanged', () => {
    expect(checkedCredentials(GOOD, 'role x')).toBe(GOOD);
  });

  it('refuses a malformed answer with one line naming what it was for, exit 5, never the value', () => {
    const error = thrown(() =>
      checkedCredentials(
        { ...GOOD, sessionToken: 'tok\nSECRETPART' },
        'role arn:aws:iam::1:role/x',
      ),
    );
    expect(error.exitCode).toBe(ExitCode.aws);
    expect(error.message).toBe(
      'refusing malformed credentials for role arn:aws:iam::1:role/x: the session token holds a line break',
    );
    expect(`${error.message} ${error.hint}`).not.toContain('SECRETPART');
    expect(error.hint).toMatch(/nothing was cached or passed on/);
  });
});

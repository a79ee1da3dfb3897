import { describe, expect, it } from 'vitest';
import { stsError } from '../../../src/credentials/sts-errors.js';
import { ExitCode, formatError } from '../../../src/errors.js';

/** What the SDK throws for an error answer: name/Code, message and $metadata. */
function sdkError(
  code: string,
  message: string,
  metadata: { httpStatusCode?: number; attempts?: number } = {},
) {
  return Object.assign(new Error(message), { name: code, Code: code, $metadata: metadata });
}

const ACTION = 'assume role arn:aws:iam::123456789012:role/x';

describe('stsError', () => {
  it('Throttling: exit 5, says how many attempts the SDK made before giving up', () => {
    const error = stsError(sdkError('Throttling', 'Rate exceeded', { attempts: 3 }), ACTION);
    expect(error.exitCode).toBe(ExitCode.aws);
    expect(error.message).toBe(
      `could not ${ACTION}: STS is throttling requests (gave up after 3 attempts)`,
    );
  });

  it('a 5xx answer: exit 6 with the status, the code when STS named one, and the attempts', () => {
    const named = stsError(
      sdkError('InternalFailure', 'boom', { httpStatusCode: 500, attempts: 3 }),
      ACTION,
    );
    expect(named.exitCode).toBe(ExitCode.network);
    expect(named.message).toBe(
      `could not ${ACTION}: STS failed with HTTP 500 (InternalFailure) after 3 attempts`,
    );
    const html = stsError(
      sdkError('Unknown', 'UnknownError', { httpStatusCode: 503, attempts: 3 }),
      ACTION,
    );
    expect(html.message).toBe(`could not ${ACTION}: STS failed with HTTP 503 after 3 attempts`);
  });

  it.each([
    ['RequestExpired', 'Request has expired.'],
    [
      'RequestTimeTooSkewed',
      'The difference between the request time and the server time is too large.',
    ],
    [
      'SignatureDoesNotMatch',
      'Signature expired: 20130524T000000Z is now earlier than 20130524T001004Z',
    ],
  ])('clock skew (%s): exit 5 with the clock hint', (code, message) => {
    const error = stsError(sdkError(code, message, { httpStatusCode: 403, attempts: 1 }), ACTION);
    expect(error.exitCode).toBe(ExitCode.aws);
    expect(error.message).toContain(`AWS says the request time is wrong (${code})`);
    expect(error.hint).toMatch(/clock/);
  });

  it('rejected keys: exit 5, the hint names `awsrole add`, and key ids are masked', () => {
    const error = stsError(
      sdkError('InvalidClientTokenId', 'The security token AKIAIOSFODNN7EXAMPLE is invalid.'),
      ACTION,
    );
    expect(error.exitCode).toBe(ExitCode.aws);
    expect(error.hint).toContain('awsrole add <profile>');
    const other = stsError(sdkError('Weird', 'key ASIAIOSFODNN7EXAMPLE\nsecond line'), ACTION);
    expect(formatError(other)).not.toContain('IOSFODNN7EXAMPLE');
    expect(formatError(other)).not.toContain('\n');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'])('network %s: exit 6', (errno) => {
    const error = stsError(Object.assign(new Error(errno), { code: errno }), ACTION);
    expect(error.exitCode).toBe(ExitCode.network);
    expect(error.message).toMatch(/STS endpoint unreachable/);
  });
});

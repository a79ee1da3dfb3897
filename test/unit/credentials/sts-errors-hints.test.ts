import { describe, expect, it } from 'vitest';
import { stsError } from '../../../src/credentials/sts-errors.js';
import { ExitCode, StsError } from '../../../src/errors.js';

/** An error shaped like the SDK's service exceptions. */
function sdkError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

describe('stsError', () => {
  it('AccessDenied keeps STS message and hints at the trust policy', () => {
    const e = stsError(
      sdkError('AccessDenied', 'User: arn:aws:iam::1:user/u is not authorized'),
      'assume role X',
    );
    expect(e).toBeInstanceOf(StsError);
    expect(e.exitCode).toBe(ExitCode.aws);
    expect(e.message).toBe(
      'could not assume role X: access denied: User: arn:aws:iam::1:user/u is not authorized',
    );
    expect(e.hint).toContain('trust policy');
  });

  it.each(['InvalidClientTokenId', 'SignatureDoesNotMatch'])('%s points at awsrole add', (code) => {
    const e = stsError(
      sdkError(code, 'The security token included in the request is invalid.'),
      'x',
    );
    expect(e.code).toBe(code);
    expect(e.hint).toContain('awsrole add');
  });

  it.each([
    [
      'SignatureDoesNotMatch',
      'Signature expired: 20200101T000000Z is now earlier than 20260101T000000Z',
    ],
    ['RequestExpired', 'Request has expired.'],
  ])('%s with a time message gets the clock hint', (code, message) => {
    const e = stsError(sdkError(code, message), 'x');
    expect(e.hint).toContain('clock');
  });

  it('role chaining and MaxSessionDuration validation errors say how to fix the duration', () => {
    const validation = (message: string) => stsError(sdkError('ValidationError', message), 'x');
    const chained = validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    expect(chained.hint).toContain('--duration 1h');
    const max = validation(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    expect(max.hint).toContain('MaxSessionDuration');
  });

  it('never repeats an access key id from an AWS message', () => {
    const e = stsError(sdkError('AccessDenied', 'key AKIAIOSFODNN7EXAMPLE is not allowed'), 'x');
    expect(e.message).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(e.message).toContain('AKIA****************');
  });

  it('passes an StsError through unchanged', () => {
    const first = stsError(sdkError('AccessDenied', 'no'), 'x');
    expect(stsError(first, 'y')).toBe(first);
  });
});

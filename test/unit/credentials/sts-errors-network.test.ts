import { describe, expect, it } from 'vitest';
import { stsError } from '../../../src/credentials/sts-errors.js';
import { ExitCode } from '../../../src/errors.js';

// What the SDK throws for network failures (seen with @aws-sdk/client-sts 3.11xx).
function sdkError(name: string, code: string | undefined, message: string): Error {
  return Object.assign(new Error(message), { name, code });
}

describe('stsError on network failures', () => {
  it('reports a dropped connection as such, though the SDK calls it a TimeoutError', () => {
    const e = stsError(sdkError('TimeoutError', 'ECONNRESET', 'socket hang up'), 'assume role x');
    expect(e.message).toBe('could not assume role x: STS endpoint unreachable (ECONNRESET)');
    expect(e.exitCode).toBe(ExitCode.network);
  });

  it('reports timeouts as timed out', () => {
    for (const error of [
      sdkError('TimeoutError', undefined, 'Request timed out'),
      sdkError('AbortError', undefined, 'aborted'),
      sdkError('Error', 'ETIMEDOUT', 'connect ETIMEDOUT'),
    ]) {
      expect(stsError(error, 'x').message).toBe(
        'could not x: STS endpoint unreachable (timed out)',
      );
    }
  });

  it('names a refused connection', () => {
    const e = stsError(sdkError('Error', 'ECONNREFUSED', 'connect ECONNREFUSED'), 'x');
    expect(e.message).toBe('could not x: STS endpoint unreachable (ECONNREFUSED)');
  });
});

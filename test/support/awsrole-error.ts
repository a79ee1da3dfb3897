// Unit tests' view of a failed promise: the AwsroleError it rejected with.
import { expect } from 'vitest';
import { AwsroleError } from '../../src/errors.js';

// Awaits a promise that must reject with an AwsroleError, and returns that error.
export async function failure(promise: Promise<unknown>): Promise<AwsroleError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AwsroleError);
  return error as AwsroleError;
}

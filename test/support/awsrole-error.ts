// Unit tests' view of a failure: the AwsroleError a promise rejected with or a call threw.
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

// Calls a function that must throw an AwsroleError, and returns that error.
export function thrown(call: () => unknown): AwsroleError {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AwsroleError);
  return error as AwsroleError;
}

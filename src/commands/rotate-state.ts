// What rotate tells the user when a step fails: the state IAM and the store are left in, key ids masked.

import { IamError, iamExitCode, iamReason } from '../credentials/iam.js';
import { AwsroleError, ExitCode, maskKeyIds } from '../errors.js';

/** The key ids of one rotation, for messages. */
export interface RotationKeys {
  readonly profile: string;
  readonly old: string;
  readonly fresh?: string | undefined;
}

const mask = (id: string) => maskKeyIds(id);

// CreateAccessKey failed: nothing changed anywhere.
export function createFailed(keys: RotationKeys, error: unknown): AwsroleError {
  const limit = error instanceof IamError && error.code === 'LimitExceeded';
  return new AwsroleError(
    `could not create a new access key for "${keys.profile}" (${iamReason(error)}); nothing changed: ${mask(keys.old)} is still active in IAM and stored`,
    {
      exitCode: iamExitCode(error),
      hint: limit
        ? 'the IAM user already has two access keys: delete the one awsrole does not store, as `aws iam list-access-keys` shows them, then rotate again'
        : iamExitCode(error) === ExitCode.network
          ? 'check your network, proxy and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_IAM, then rotate again'
          : 'the IAM user needs iam:CreateAccessKey, iam:DeleteAccessKey and iam:ListAccessKeys on its own user',
      cause: error,
    },
  );
}

// The user already has two keys: IAM would refuse a third.
export function atKeyLimit(keys: RotationKeys, other: string): AwsroleError {
  return new AwsroleError(
    `the IAM user of "${keys.profile}" already has two access keys (${mask(keys.old)}, stored here, and ${mask(other)}); nothing changed`,
    {
      exitCode: ExitCode.aws,
      hint: `delete the other one first with \`aws iam delete-access-key --access-key-id <the key ending ${other.slice(-4)}>\`, then rotate again`,
    },
  );
}

// The new key never worked: it was deleted again (or not), and the old key is untouched.
export function newKeyUnusable(
  keys: RotationKeys,
  error: unknown,
  cleanedUp: boolean,
): AwsroleError {
  const fresh = mask(keys.fresh ?? '');
  const state = cleanedUp
    ? `it was deleted again`
    : `it is still in IAM: delete it (\`aws iam delete-access-key --access-key-id <the key ending ${keys.fresh?.slice(-4)}>\`)`;
  return new AwsroleError(
    `the new access key ${fresh} was not accepted by STS (${iamReason(error)}); ${state}; ${mask(keys.old)} is still active in IAM and stored`,
    { exitCode: iamExitCode(error), hint: 'try `awsrole rotate` again in a minute', cause: error },
  );
}

// The new key works but could not be stored: the old one is still stored and active.
export function storeFailed(keys: RotationKeys, error: unknown, cleanedUp: boolean): AwsroleError {
  const fresh = mask(keys.fresh ?? '');
  const state = cleanedUp
    ? `${fresh} was deleted from IAM again`
    : `${fresh} is still in IAM with no copy of its secret: delete it (\`aws iam delete-access-key --access-key-id <the key ending ${keys.fresh?.slice(-4)}>\`)`;
  return new AwsroleError(
    `could not store the new access key for "${keys.profile}" (${iamReason(error)}); ${state}; ${mask(keys.old)} is still active in IAM and stored`,
    {
      exitCode: ExitCode.store,
      hint: 'fix the secret store as `awsrole doctor` says, then rotate again',
      cause: error,
    },
  );
}

// DeleteAccessKey of the old key failed: the new key is stored and works, the old one still exists.
export function deleteFailed(keys: RotationKeys, error: unknown): AwsroleError {
  return new AwsroleError(
    `the new access key ${mask(keys.fresh ?? '')} is stored and works, but the old key ${mask(keys.old)} could not be deleted (${iamReason(error)}) and is still active in IAM`,
    {
      exitCode: iamExitCode(error),
      hint: `delete it as a user allowed iam:DeleteAccessKey: \`aws iam delete-access-key --access-key-id <the key ending ${keys.old.slice(-4)}>\``,
      cause: error,
    },
  );
}

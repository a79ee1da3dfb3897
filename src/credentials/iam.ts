// The IAM calls rotate and doctor make on the caller's own user; the SDK is loaded only when one is made.

import { AwsroleError, ExitCode, maskKeyIds } from '../errors.js';
import { lazyApi } from '../lazy-api.js';
import type { Credentials } from './credentials.js';
import { NETWORK_CODES } from './sts-errors.js';

/** One of the user's access keys as IAM lists it (never its secret). */
export interface AccessKeyInfo {
  readonly accessKeyId: string;
  readonly status: string;
  readonly createdAt?: Date | undefined;
}

/** A new access key: the one time IAM shows its secret. */
export interface NewAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * IAM on the signing credentials' own user (no UserName: IAM picks the caller).
 * `region` is the profile's: IAM is called in its partition (partitions.ts).
 */
export interface IamApi {
  listAccessKeys(credentials: Credentials, region: string): Promise<AccessKeyInfo[]>;
  createAccessKey(credentials: Credentials, region: string): Promise<NewAccessKey>;
  deleteAccessKey(credentials: Credentials, region: string, accessKeyId: string): Promise<void>;
}

/** An IAM failure: AWS's error code (AccessDenied, LimitExceeded, ...) and its message, key ids masked. */
export class IamError extends Error {
  readonly code: string;
  constructor(code: string, message: string, cause?: unknown) {
    super(message, { cause });
    this.code = code;
    this.name = 'IamError';
  }
}

// An IamApi whose methods import @aws-sdk/client-iam on first use.
export function lazyIam(): IamApi {
  return lazyApi<IamApi>(
    async () => (await import('./iam-sdk.js')).sdkIam(),
    ['listAccessKeys', 'createAccessKey', 'deleteAccessKey'],
  );
}

/**
 * The exit status of a failed IAM (or STS) call, as for STS everywhere: an
 * endpoint not reached is a network failure (6), an answer refusing it AWS's (5).
 */
export function iamExitCode(error: unknown): number {
  if (error instanceof AwsroleError) return error.exitCode;
  const code = error instanceof IamError ? error.code : '';
  return NETWORK_CODES.has(code) || code === 'TimeoutError' || code === 'AbortError'
    ? ExitCode.network
    : ExitCode.aws;
}

// Why IAM refused, in a few words: its error code and message.
export function iamReason(error: unknown): string {
  if (error instanceof IamError) return `${error.code}: ${error.message}`;
  if (error instanceof AwsroleError) return error.message;
  return maskKeyIds(error instanceof Error ? error.message : String(error));
}

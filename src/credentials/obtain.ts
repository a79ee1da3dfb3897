// The STS plumbing of a chain: stored keys read once, the region, account lookups, AssumeRole steps.
import { AwsroleError, ExitCode, StsError } from '../errors.js';
import type { SecretStore } from '../store/secret-store.js';
import { type LongTermKeys, requireKeys } from '../store/stored-keys.js';
import type { Target } from '../target/target.js';
import type { Credentials, MfaCode, StsApi } from './credentials.js';
import { restated } from './sts-errors.js';

/** What obtaining credentials needs from the outside world. */
export interface ObtainDeps {
  readonly keys: KeyReader;
  readonly sts: StsApi;
  readonly env: NodeJS.ProcessEnv;
}

/** Reads long-term keys once per profile per process. */
export type KeyReader = (profile: string) => Promise<LongTermKeys>;

// A KeyReader over a store that remembers what it read.
export function keyReader(store: SecretStore): KeyReader {
  const seen = new Map<string, Promise<LongTermKeys>>();
  return (profile) => {
    let keys = seen.get(profile);
    if (!keys) {
      keys = requireKeys(store, profile);
      seen.set(profile, keys);
    }
    return keys;
  };
}

// The region STS is called in: the target's, else the environment's, else us-east-1.
export function stsRegion(target: Pick<Target, 'region'>, env: NodeJS.ProcessEnv): string {
  return target.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

// Partition and account of a profile's keys: remembered at `add`, else asked from STS.
export async function lookupAccount(
  profile: string,
  deps: ObtainDeps,
): Promise<{ partition: string; accountId: string }> {
  const keys = await deps.keys(profile);
  const arn =
    keys.userArn ??
    (
      await withProfileHint(
        profile,
        deps.sts.getCallerIdentity(keys, stsRegion({}, deps.env)).catch((error: unknown) => {
          throw error instanceof StsError
            ? restated(error, `look up the account of profile "${profile}" (GetCallerIdentity)`)
            : error;
        }),
      )
    ).arn;
  const match = /^arn:([a-z-]+):(?:iam|sts)::(\d{12}):/.exec(arn);
  if (!match) {
    throw new AwsroleError(`cannot tell the account of profile "${profile}" from ${arn}`, {
      exitCode: ExitCode.aws,
      hint: 'pass a full role ARN instead of a role name',
    });
  }
  return { partition: match[1] ?? 'aws', accountId: match[2] ?? '' };
}

// Assumes each role of the target in turn, starting from the given credentials.
export async function assumeChain(
  start: Credentials,
  target: Target,
  deps: ObtainDeps,
  firstMfa?: MfaCode,
): Promise<Credentials> {
  const region = stsRegion(target, deps.env);
  let credentials = start;
  for (const [index, step] of target.steps.entries()) {
    if (index === 0) {
      const request = firstMfa ? { ...step, mfa: firstMfa } : step;
      credentials = await withProfileHint(
        target.sourceProfile,
        deps.sts.assumeRole(credentials, region, request),
      );
    } else {
      credentials = await deps.sts.assumeRole(credentials, region, step);
    }
  }
  return credentials;
}

// Rejected keys are fixed by re-adding that profile: the hint names which one.
export async function withProfileHint<T>(profile: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (
      error instanceof StsError &&
      /InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient/.test(error.code) &&
      error.hint?.includes('<profile>')
    ) {
      throw new StsError(error.code, error.message, {
        exitCode: error.exitCode,
        hint: error.hint.replace('<profile>', profile),
        cause: error,
      });
    }
    throw error;
  }
}

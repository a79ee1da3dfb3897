// Doctor checks that ask AWS: each stored key's age in IAM, and this machine's clock against STS's.
import { formatSkew } from '../config/duration.js';
import type { Credentials } from '../credentials/credentials.js';
import { type IamApi, iamReason } from '../credentials/iam.js';
import { maskKeyIds, shellQuote } from '../errors.js';
import type { LongTermKeys } from '../store/stored-keys.js';
import { type CheckResult, fail, ok, warn } from './check.js';

const DAY_MS = 86_400_000;
/** Security teams ask for rotation every 90 days. */
export const MAX_KEY_AGE_DAYS = 90;
const SKEW_WARN_MS = 60_000;
/** SigV4 rejects requests five minutes or more off. */
const SKEW_FAIL_MS = 5 * 60_000;

// A stored key's age: from IAM's CreateDate when IAM answers, else from when awsrole stored it.
export async function keyAgeCheck(
  profile: string,
  keys: LongTermKeys,
  iam: IamApi,
  region: string,
  now: number,
): Promise<CheckResult> {
  const check = `key ${profile}`;
  const id = maskKeyIds(keys.accessKeyId);
  let created: number | undefined;
  let unknown = '';
  try {
    const listed = await iam.listAccessKeys(keys, region);
    created = listed.find((k) => k.accessKeyId === keys.accessKeyId)?.createdAt?.getTime();
    if (created === undefined) unknown = 'IAM does not list it';
  } catch (error) {
    unknown = `IAM did not say: ${iamReason(error)}`;
  }
  const since = created ?? (keys.storedAt ? Date.parse(keys.storedAt) : Number.NaN);
  const what = created !== undefined ? 'created in IAM' : 'stored';
  if (Number.isNaN(since)) return warn(check, `${id}: age unknown (${unknown})`);
  const days = Math.floor((now - since) / DAY_MS);
  const text = `${id} ${what} ${days} day${days === 1 ? '' : 's'} ago${unknown ? ` (${unknown})` : ''}`;
  return days > MAX_KEY_AGE_DAYS
    ? warn(
        check,
        `${text}: older than ${MAX_KEY_AGE_DAYS} days`,
        `\`awsrole rotate ${shellQuote(profile)}\``,
      )
    : ok(check, text);
}

// This machine's clock against the Date STS answers a signed call with.
export async function clockCheck(credentials: Credentials, region: string): Promise<CheckResult> {
  const { stsClock } = await import('../credentials/sts-clock.js');
  const seen = await stsClock(credentials, region);
  if (seen.serverDate === undefined || Number.isNaN(seen.serverDate)) {
    const why = seen.error instanceof Error ? seen.error.message : 'no Date header';
    return warn(
      'clock',
      `could not compare with STS (${maskKeyIds(why)})`,
      'check the network and AWS_ENDPOINT_URL',
    );
  }
  return skewResult(seen.serverDate - seen.receivedAt);
}

// The verdict on a skew (server minus local, in ms): fine under a minute, a failure from five.
export function skewResult(skewMs: number): CheckResult {
  const size = formatSkew(skewMs);
  const side = skewMs > 0 ? 'behind' : 'ahead of';
  const text = `this machine's clock is ${size} ${side} STS's`;
  if (Math.abs(skewMs) >= SKEW_FAIL_MS) {
    return fail(
      'clock',
      `${text}: AWS rejects requests signed 5 minutes or more off ("Signature expired")`,
      'sync the clock (e.g. timedatectl set-ntp true)',
    );
  }
  if (Math.abs(skewMs) > SKEW_WARN_MS)
    return warn('clock', text, 'sync the clock (e.g. timedatectl set-ntp true)');
  return ok('clock', `within a minute of STS's (${Math.round(skewMs / 1000)} s)`);
}

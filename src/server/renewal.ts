// Keeps the credential server's credentials fresh: renews them ahead of expiry without making requests wait.
import type { Credentials } from '../credentials/credentials.js';
import type { CredentialSource } from './credential-server.js';

/** When and how to renew. */
export interface RenewalOptions {
  /** Start a renewal once the credentials in hand have less than this left. */
  readonly minTtlMs: number;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Told about each failed renewal (the source keeps serving what it has while that is valid). */
  readonly onFailure?: (error: unknown) => void;
  /** Told about each successful renewal. */
  readonly onRenewed?: (credentials: Credentials) => void;
}

/**
 * Credentials with less than this left are not handed out while a renewal
 * is under way: the request waits for the renewal instead.
 */
export const EXPIRY_MARGIN_MS = 10_000;

/**
 * A source that serves `first` and renews it. Once the credentials in hand
 * are due (less than the minimum TTL left), one renewal starts in the
 * background and requests keep getting the current credentials while they
 * are still valid: an SDK's short timeout (1 s in the JS SDK, 2 s in
 * botocore) never waits on STS (up to 15 s), and a failed renewal costs
 * nothing until the current credentials really run out. Only then does a
 * request wait for the renewal, and gets its error if it fails. At most one
 * renewal runs at a time; a failed one is retried by the next request.
 */
export function renewingSource(
  first: Credentials,
  renew: () => Promise<Credentials>,
  options: RenewalOptions,
): CredentialSource {
  let current = first;
  let pending: Promise<Credentials> | undefined;
  const renewal = (): Promise<Credentials> => {
    if (pending) return pending;
    const started = renew().then(
      (fresh) => {
        current = fresh;
        options.onRenewed?.(fresh);
        return fresh;
      },
      (error: unknown) => {
        options.onFailure?.(error);
        throw error;
      },
    );
    pending = started.finally(() => {
      pending = undefined;
    });
    // A background renewal nobody waits for must not become an unhandled rejection.
    pending.catch(() => undefined);
    return pending;
  };
  return async () => {
    const left = remainingMs(current, options.now());
    if (left >= options.minTtlMs) return current;
    const renewed = renewal();
    return left > EXPIRY_MARGIN_MS ? current : renewed;
  };
}

// Milliseconds the credentials have left; credentials without an expiry never run out.
export function remainingMs(credentials: Credentials, now: number): number {
  return credentials.expiration ? credentials.expiration.getTime() - now : Number.POSITIVE_INFINITY;
}

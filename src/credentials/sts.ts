// The real StsApi: loads the AWS SDK only when an STS call is actually made.
import { lazyApi } from '../lazy-api.js';
import { trace } from '../trace.js';
import type { StsApi } from './credentials.js';

/** Bounds every STS call: connect, per-request and total time. */
export interface StsLimits {
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxAttempts: number;
}

export const DEFAULT_STS_LIMITS: StsLimits = {
  connectTimeoutMs: 3000,
  requestTimeoutMs: 5000,
  totalTimeoutMs: 15_000,
  maxAttempts: 3,
};

// An StsApi whose methods import the SDK chunk on first use (never on the cached path).
export function lazySts(limits: StsLimits = DEFAULT_STS_LIMITS): StsApi {
  const load = () =>
    import('./sts-sdk.js').then((m) => {
      trace('load:sdk');
      return m.sdkSts(limits);
    });
  return lazyApi<StsApi>(load, [
    'assumeRole',
    'getSessionToken',
    'getCallerIdentity',
    'getFederationToken',
  ]);
}

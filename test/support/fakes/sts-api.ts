// A fake StsApi for unit tests: numbered credentials on an injected clock, every call recorded.
import type {
  AssumeRoleRequest,
  Credentials,
  MfaCode,
  StsApi,
} from '../../../src/credentials/credentials.js';

export type StsCall =
  | { op: 'assumeRole'; credentials: Credentials; request: AssumeRoleRequest }
  | { op: 'getSessionToken'; credentials: Credentials; durationSeconds: number; mfa?: MfaCode }
  | { op: 'getCallerIdentity'; credentials: Credentials }
  | { op: 'getFederationToken'; credentials: Credentials; name: string; durationSeconds: number };

/** An StsApi that hands out numbered credentials living as long as asked, and records every call. */
export class FakeSts implements StsApi {
  readonly calls: StsCall[] = [];
  /** Set to make the next assumeRole calls fail (taken in order). */
  readonly assumeFailures: Error[] = [];
  /** While set, every assumeRole and getSessionToken call fails with it (after the queue above). */
  failure: Error | undefined;
  #serial = 0;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  // How many calls of this operation were made.
  count(op: StsCall['op']): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  async assumeRole(
    credentials: Credentials,
    _region: string,
    request: AssumeRoleRequest,
  ): Promise<Credentials> {
    this.calls.push({ op: 'assumeRole', credentials, request });
    const failure = this.assumeFailures.shift() ?? this.failure;
    if (failure) throw failure;
    return this.#issue('ASIAROLE', request.durationSeconds);
  }

  async getSessionToken(
    credentials: Credentials,
    _region: string,
    durationSeconds: number,
    mfa?: MfaCode,
  ): Promise<Credentials> {
    this.calls.push({ op: 'getSessionToken', credentials, durationSeconds, mfa });
    if (this.failure) throw this.failure;
    return this.#issue('ASIASESS', durationSeconds);
  }

  async getCallerIdentity(credentials: Credentials) {
    this.calls.push({ op: 'getCallerIdentity', credentials });
    return {
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/alice',
      userId: 'AIDAEXAMPLE',
    };
  }

  async getFederationToken(
    credentials: Credentials,
    _region: string,
    request: { name: string; durationSeconds: number; policy: string },
  ): Promise<Credentials> {
    this.calls.push({
      op: 'getFederationToken',
      credentials,
      name: request.name,
      durationSeconds: request.durationSeconds,
    });
    return this.#issue('ASIAFED', request.durationSeconds);
  }

  #issue(prefix: string, seconds: number): Credentials {
    this.#serial++;
    return {
      accessKeyId: `${prefix}${String(this.#serial).padStart(12, '0')}`,
      secretAccessKey: `secret-${this.#serial}`,
      sessionToken: `token-${this.#serial}`,
      expiration: new Date(this.#now() + seconds * 1000),
    };
  }
}

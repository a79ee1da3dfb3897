import type { Target } from '../../../src/config/target.js';
import type {
  AssumeRoleRequest,
  Credentials,
  MfaCode,
  StsApi,
} from '../../../src/credentials/credentials.js';
import type { Prompter } from '../../../src/prompt/tty.js';
import type { SecretStore } from '../../../src/store/secret-store.js';

/** An in-memory SecretStore that counts reads and writes. */
export class MemoryStore implements SecretStore {
  readonly name = 'memory';
  readonly data = new Map<string, string>();
  readonly calls = { get: 0, set: 0, delete: 0, list: 0 };

  async get(account: string): Promise<string | null> {
    this.calls.get++;
    return this.data.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.calls.set++;
    this.data.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    this.calls.delete++;
    return this.data.delete(account);
  }

  async list(): Promise<string[]> {
    this.calls.list++;
    return [...this.data.keys()].sort();
  }
}

export type StsCall =
  | { op: 'assumeRole'; credentials: Credentials; request: AssumeRoleRequest }
  | { op: 'getSessionToken'; credentials: Credentials; durationSeconds: number; mfa?: MfaCode }
  | { op: 'getCallerIdentity'; credentials: Credentials }
  | { op: 'getFederationToken'; credentials: Credentials; durationSeconds: number };

/** An StsApi that hands out numbered credentials living as long as asked, and records every call. */
export class FakeSts implements StsApi {
  readonly calls: StsCall[] = [];
  /** Set to make the next assumeRole calls fail (taken in order). */
  readonly assumeFailures: Error[] = [];
  #serial = 0;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  count(op: StsCall['op']): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  async assumeRole(
    credentials: Credentials,
    _region: string,
    request: AssumeRoleRequest,
  ): Promise<Credentials> {
    this.calls.push({ op: 'assumeRole', credentials, request });
    const failure = this.assumeFailures.shift();
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

/** A Prompter that answers with a fixed code and counts how often it was opened and asked. */
export function countingPrompter(answer = '123456') {
  const counts = { opened: 0, asked: 0 };
  const prompter: Prompter = {
    ask: async () => {
      counts.asked++;
      return answer;
    },
  };
  return {
    counts,
    open: () => {
      counts.opened++;
      return prompter;
    },
  };
}

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/S3_Full_Access';
export const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
export const BASE_KEYS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

// A one-hop target for ROLE_ARN from the "default" profile; override any field.
export function roleTarget(overrides: Partial<Target> = {}): Target {
  const durationSeconds = overrides.durationSeconds ?? 3600;
  return {
    given: 's3',
    sourceProfile: 'default',
    steps: [{ roleArn: ROLE_ARN, sessionName: 'awsrole-alice', durationSeconds }],
    durationSeconds,
    region: 'us-east-1',
    ...overrides,
  };
}

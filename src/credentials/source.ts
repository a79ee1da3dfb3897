// The root of a credential chain: one small interface for stored keys, an MFA session, an SSO role...
import type { DebugLog } from '../debug-log.js';
import type { SecretStore } from '../store/secret-store.js';
import type { Credentials, MfaCode } from './credentials.js';
import type { FetchDeps, SessionContext } from './fetch.js';

/**
 * What a source builds its own dependencies from, on first use: an SSO role
 * its token store and IAM Identity Center client, a future source whatever it
 * needs. The shared fetch code passes it along without looking inside.
 */
export interface SourceWorld {
  readonly env: NodeJS.ProcessEnv;
  readonly store: () => SecretStore;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Notices on stderr. */
  readonly err: (line: string) => void;
  /** Whether a terminal the user sees is there (a source may then start a sign-in). */
  readonly interactive: () => boolean;
  readonly debug?: DebugLog | undefined;
}

/** Partition and account of a source's identity (a bare role name's ARN is built from them). */
export interface Account {
  readonly partition: string;
  readonly accountId: string;
}

/** Long-term keys, with the user ARN when it was learnt at `add`. */
export type LongTermCredentials = Credentials & { readonly userArn?: string | undefined };

/** What the chain asks of its source. */
export interface StartRequest {
  /** AssumeRole steps follow the source. */
  readonly chained: boolean;
  /** Lifetime asked of the chain's final credentials, in seconds. */
  readonly durationSeconds: number;
  /** Where the source may cache a session of its own; absent with --no-cache. */
  readonly cache: SessionContext | undefined;
  /** Replace the source's cached session instead of reading it. */
  readonly refresh: boolean;
}

/** The credentials a chain starts from. */
export interface SourceStart {
  readonly credentials: Credentials;
  /** Long-term keys are never handed out as they are: the chain gets a session for them. */
  readonly longTerm: boolean;
  readonly fromCache: boolean;
  /** An MFA code for the first AssumeRole, when the source's own session cannot be used. */
  readonly mfa?: MfaCode | undefined;
  /** A fresh start after STS rejected cached credentials (revoked early); absent when none were cached. */
  readonly renew?: (() => Promise<SourceStart>) | undefined;
}

/**
 * One kind of chain root. The chain (provider.ts) wraps it with the cache and
 * the single-flight lock and adds the AssumeRole steps; commands never ask
 * which kind of source they got.
 */
export interface CredentialSource {
  /** The registry's name for it ("stored-keys", "mfa-session", ...). */
  readonly kind: string;
  /** The profile it stands for: cache entries, `clear <profile>` and error hints name it. */
  readonly profile: string;
  /** Where the source caches its own session; absent when it has none (long-term keys). */
  readonly cacheKey?: string | undefined;
  /** One line for --debug and list: what it is, no secrets. */
  describe(): string;
  /** Whatever changes the credentials it gives (no secrets): part of every cache key above it. */
  identity(): unknown;
  /** Credentials to start the chain from. */
  start(deps: FetchDeps, request: StartRequest): Promise<SourceStart>;
  /** The account and partition behind the source. */
  account(deps: FetchDeps): Promise<Account>;
  /** Long-term keys, for the sources that hold them (export --allow-long-term, console sign-in as a user). */
  readonly longTermKeys?:
    | ((deps: Pick<FetchDeps, 'keys'>) => Promise<LongTermCredentials>)
    | undefined;
}

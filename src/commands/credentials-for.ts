// Resolves <role> and provides its temporary credentials (cache, lock, MFA); shared by exec and export.
import { parseDuration } from '../config/duration.js';
import type { StringFlags } from '../config/session-params.js';
import { checkMfaCode } from '../config/sts-names.js';
import { defaultLockDir } from '../credentials/key-lock.js';
import { keyReader } from '../credentials/obtain.js';
import {
  type CachePolicy,
  type Provided,
  type ProviderDeps,
  provideChain,
} from '../credentials/provider.js';
import { SessionCache } from '../credentials/session-cache.js';
import type { Account, CredentialSource } from '../credentials/source.js';
import { usageError } from '../errors.js';
import { type Chain, chainFor } from '../sources/chain.js';
import { CACHED_KINDS, SOURCE_POLICY } from '../sources/registry.js';
import { readKeys } from '../store/stored-keys.js';
import {
  mayBeStoredProfile,
  resolveTarget,
  type Target,
  type TargetOptions,
} from '../target/target.js';
import { type Io, type Services, sourceWorld } from './context.js';
import { debugResolution } from './debug-resolution.js';

/**
 * Flags that shape caching and MFA: `cache` is false with --no-cache; the
 * strings are --min-ttl, --mfa-token, --session-duration and --prompt (the
 * MFA prompt driver); `renewal` is set by exec --server's renewals (the
 * command owns the terminal, and the credentials expire).
 */
export type SessionOptions = StringFlags<'minTtl' | 'mfaToken' | 'sessionDuration' | 'prompt'> & {
  readonly cache: boolean;
  readonly refresh: boolean;
  readonly renewal?: boolean | undefined;
};

/** A resolved target, the source its chain starts from, and the credentials it produced. */
export type RoleCredentials = Provided & {
  readonly target: Target;
  readonly source: CredentialSource;
  /** The source's partition and account (an SSO role's credentials come with no ARN to tell them). */
  readonly account: () => Promise<Account>;
};

const DEFAULT_MFA_SESSION_SECONDS = 8 * 3600;

// Resolves the role from the AWS config into a chain: the source the registry picks, then the steps.
export async function resolveChain(
  role: string,
  options: TargetOptions,
  io: Io,
  services: Services,
): Promise<Chain> {
  const config = await services.config(profilesFor(role, options));
  const stored =
    mayBeStoredProfile(role, config) && (await readKeys(services.store(), role)) !== null
      ? new Set([role])
      : new Set<string>();
  const target = resolveTarget(role, options, config, io.env, SOURCE_POLICY, stored);
  const chain = await chainFor(target, config);
  if (io.debug) debugResolution(io.debug, config, chain);
  return chain;
}

// Resolves the role and provides temporary credentials for it (cache, lock, MFA).
export async function credentialsFor(
  role: string,
  options: TargetOptions & SessionOptions,
  io: Io,
  services: Services,
): Promise<RoleCredentials> {
  const chain = await resolveChain(role, options, io, services);
  const store = services.store();
  const lock = {
    dir: defaultLockDir(io.env),
    waitMs: 120_000,
    staleMs: 10 * 60_000,
    since: Date.now(),
  };
  const deps: ProviderDeps = {
    keys: keyReader(store),
    sts: services.sts(),
    env: io.env,
    mfa: {
      token: mfaToken(options.mfaToken),
      prompter: io.prompter,
      env: io.env,
      prompt: options.prompt,
      reason: mfaReason(role, options),
      terminalBusy: options.renewal,
      notice: io.err,
      debug: io.debug,
    },
    mfaSessionSeconds: sessionSeconds(options.sessionDuration),
    cache: new SessionCache(store, services.now, CACHED_KINDS),
    debug: io.debug,
    world: sourceWorld(io, services),
  };
  const policy: CachePolicy = {
    use: options.cache,
    refresh: options.refresh,
    minTtlMs: minTtlMs(options.minTtl ?? io.env.AWSROLE_MIN_TTL),
    lock,
  };
  const provided = await provideChain(chain, deps, policy);
  const account = () => chain.source.account(deps);
  return { target: chain.target, source: chain.source, ...provided, account };
}

// True when the target assumes no role: its credentials are the source's own (or a session for them).
export function noRole(target: Target): boolean {
  return target.steps.length === 0 && target.pendingRoleName === undefined;
}

// The profiles a resolution may need: the role, its source (or default), and their sources.
export function profilesFor(role: string, options: TargetOptions): string[] {
  return [role, options.source ?? 'default', 'default'];
}

/** Why an MFA code would be asked, for the prompt: names the role as the user gave it. */
function mfaReason(role: string, options: SessionOptions): string {
  if (options.renewal) return `credentials for "${role}" expire`;
  if (options.refresh) return `--refresh asked for new credentials for "${role}"`;
  if (!options.cache) return `--no-cache: new credentials for "${role}"`;
  return `no valid cached credentials for "${role}"`;
}

/** Checked up front: a bare role name's account lookup calls STS before the code is used. */
function mfaToken(text: string | undefined): string | undefined {
  return text === undefined ? undefined : checkMfaCode(text.trim());
}

// Parses --min-ttl / AWSROLE_MIN_TTL into milliseconds (undefined: use the default).
export function minTtlMs(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const seconds = parseDuration(text, 'minimum TTL (--min-ttl / AWSROLE_MIN_TTL)');
  if (seconds > 12 * 3600) {
    throw usageError(
      `minimum TTL ${text} is longer than any session`,
      'use a value below 12h, e.g. 15m',
    );
  }
  return seconds * 1000;
}

function sessionSeconds(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MFA_SESSION_SECONDS;
  const seconds = parseDuration(text, 'session duration');
  if (seconds < 900 || seconds > 129_600) {
    throw usageError(
      `session duration ${text} is out of range`,
      'choose 15m to 36h, the limits of GetSessionToken',
    );
  }
  return seconds;
}

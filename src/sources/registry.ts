// Every kind of chain root, in the order they are tried, with the config keys that select each.
import type { ProfileSettings } from '../config/aws-config.js';
import type { CredentialSource } from '../credentials/source.js';
import type { SourcePolicy, Target } from '../target/target-types.js';

/** Where a chain starts: the resolved target and the settings of its root profile. */
export interface SourceRoot {
  readonly target: Target;
  /** The root profile's own config section (empty when it has none). */
  readonly settings: ProfileSettings;
  /** The [sso-session] section the root profile names with sso_session, when it has one. */
  readonly ssoSession?: ProfileSettings | undefined;
}

/**
 * One kind of source: how a root is recognised, and its module (loaded only
 * when used). Everything else the source needs travels with its module: its
 * cache key, the dependencies it builds from `FetchDeps.world` on first use,
 * and its SDK client, a lazily imported `*-sdk.ts` file (scripts/build.mjs
 * keeps every such file out of the hot bundles).
 */
export interface SourceRegistration {
  /** Its name in cache entries, history and --debug; a kind that caches its own session is listed by `list`. */
  readonly kind: string;
  /** Profile settings this source reads: resolution stops refusing them once they are listed here. */
  readonly configKeys: readonly string[];
  /** Whether this source starts the chain; the first that matches wins. */
  readonly matches: (root: SourceRoot) => boolean;
  readonly load: () => Promise<(root: SourceRoot) => CredentialSource>;
}

// True when the root profile sets one of the keys (for a registration's `matches`).
export function hasAny(settings: ProfileSettings, keys: readonly string[]): boolean {
  return keys.some((key) => settings[key] !== undefined);
}

export const SOURCES: readonly SourceRegistration[] = [
  {
    kind: 'mfa-session',
    configKeys: [
      'mfa_serial',
      'mfa_process',
      'mfa_prompt',
      'ykman_oath_credential_name',
      'ykman_oath_device_serial',
      'pass_oath_credential_name',
    ],
    matches: ({ target }) => target.mfaSerial !== undefined,
    load: async () => (await import('./mfa-session.js')).mfaSessionSource,
  },
  {
    kind: 'sso-role',
    configKeys: [
      'sso_session',
      'sso_start_url',
      'sso_region',
      'sso_account_id',
      'sso_role_name',
      'sso_registration_scopes',
    ],
    matches: ({ settings }) => hasAny(settings, ['sso_session', 'sso_start_url']),
    load: async () => (await import('./sso-role.js')).ssoRoleSource,
  },
  {
    // An aws login session (`aws login` or `awsrole signin`): the console identity, no long-term keys.
    kind: 'login-session',
    configKeys: ['login_session'],
    matches: ({ settings }) => settings.login_session !== undefined,
    load: async () => (await import('./login-session.js')).loginSessionSource,
  },
  {
    // The fallback: keys stored with `awsrole add`, read from the secret store.
    kind: 'stored-keys',
    configKeys: [],
    matches: () => true,
    load: async () => (await import('./stored-keys.js')).storedKeysSource,
  },
];

/**
 * The profile settings the AWS SDKs take credentials from besides keys and
 * role_arn. A profile with one that no registered source reads is refused,
 * naming the setting; a source that reads one lists it in its configKeys.
 */
const SDK_SOURCE_KEYS = [
  'credential_source',
  'web_identity_token_file',
  'sso_session',
  'sso_start_url',
  'credential_process',
];

// The config keys some registered source reads (so a profile using them is not refused).
export function claimedConfigKeys(): readonly string[] {
  return SOURCES.flatMap((source) => source.configKeys);
}

/**
 * What resolution (src/target/) is told about sources: the settings it must
 * refuse, and that a chain starts at the first profile without role_arn
 * (a profile that is its own source_profile, or has no section, also does).
 */
export const SOURCE_POLICY: SourcePolicy = {
  refusedKeys: SDK_SOURCE_KEYS.filter((key) => !claimedConfigKeys().includes(key)),
  startsChain: (settings) => !settings.role_arn,
};

/** What cache entries may be: a chain's final credentials, or a source's own session (its kind). */
export const CACHED_KINDS: readonly string[] = [
  'role',
  'session',
  ...SOURCES.map((source) => source.kind),
];

// Builds the source that starts the target's chain.
export async function sourceFor(root: SourceRoot): Promise<CredentialSource> {
  const registration = SOURCES.find((source) => source.matches(root));
  if (!registration)
    throw new Error(`no credential source for profile "${root.target.sourceProfile}"`);
  return (await registration.load())(root);
}

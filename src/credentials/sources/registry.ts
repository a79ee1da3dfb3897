// Every kind of chain root, in the order they are tried, with the config keys that select each.
import type { ProfileSettings } from '../../config/aws-config.js';
import type { Target } from '../../config/target-types.js';
import type { CredentialSource } from '../source.js';

/** Where a chain starts: the resolved target and the settings of its root profile. */
export interface SourceRoot {
  readonly target: Target;
  /** The root profile's own config section (empty when it has none). */
  readonly settings: ProfileSettings;
  /** The [sso-session] section the root profile names with sso_session, when it has one. */
  readonly ssoSession?: ProfileSettings | undefined;
}

/** One kind of source: how a root is recognised, and its module (loaded only when used). */
export interface SourceRegistration {
  readonly kind: string;
  /**
   * Profile settings this source reads (profile-chain.ts stops refusing
   * them as unsupported once they are listed here).
   */
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

// The config keys some registered source reads (so a profile using them is not refused).
export function claimedConfigKeys(): readonly string[] {
  return SOURCES.flatMap((source) => source.configKeys);
}

// Builds the source that starts the target's chain.
export async function sourceFor(root: SourceRoot): Promise<CredentialSource> {
  const registration = SOURCES.find((source) => source.matches(root));
  if (!registration)
    throw new Error(`no credential source for profile "${root.target.sourceProfile}"`);
  return (await registration.load())(root);
}

// An IAM Identity Center profile as the AWS CLI v2 writes it: its [sso-session] (or legacy keys) and its role.
import type { ProfileSettings } from '../config/aws-config.js';
import { configError, printable } from '../errors.js';
import { isRegionName } from '../partition/partitions.js';

/** Where a sign-in happens; `name` is absent for the legacy form (start URL in the profile). */
export interface SsoSession {
  readonly name?: string | undefined;
  readonly startUrl: string;
  readonly region: string;
  readonly scopes: readonly string[];
}

/** The account and role a profile asks the portal for. */
export interface SsoRole {
  readonly profile: string;
  readonly session: SsoSession;
  readonly accountId: string;
  readonly roleName: string;
}

/** The scope the AWS CLI registers by default. */
export const DEFAULT_SCOPES = ['sso:account:access'];

// The session a profile signs in with: its [sso-session] section, or the legacy keys in the profile.
export function ssoSessionOf(
  profile: string,
  settings: ProfileSettings,
  section: ProfileSettings | undefined,
): SsoSession {
  const name = settings.sso_session;
  if (name === undefined) {
    return {
      startUrl: required(settings.sso_start_url, 'sso_start_url', `profile "${profile}"`),
      region: required(settings.sso_region, 'sso_region', `profile "${profile}"`),
      scopes: DEFAULT_SCOPES,
    };
  }
  if (section === undefined) {
    throw configError(
      `profile "${profile}" names sso_session "${name}", but there is no [sso-session ${name}] section`,
      'run `aws configure sso-session`, or add the section with sso_start_url and sso_region',
    );
  }
  return sessionFromSection(name, section);
}

// An [sso-session NAME] section as a session.
export function sessionFromSection(name: string, section: ProfileSettings): SsoSession {
  const where = `[sso-session ${name}]`;
  const scopes = (section.sso_registration_scopes ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = scopes.find((scope) => !/^[\w:./-]{1,256}$/.test(scope));
  if (bad !== undefined)
    throw configError(
      `sso_registration_scopes of ${where} holds "${printable(bad)}", not a scope`,
      'list scopes such as sso:account:access, separated by commas',
    );
  return {
    name,
    startUrl: required(section.sso_start_url, 'sso_start_url', where),
    region: required(section.sso_region, 'sso_region', where),
    scopes: scopes.length > 0 ? scopes : DEFAULT_SCOPES,
  };
}

// The role a profile names (sso_account_id, sso_role_name) in its session.
export function ssoRoleOf(
  profile: string,
  settings: ProfileSettings,
  section: ProfileSettings | undefined,
): SsoRole {
  const where = `profile "${profile}"`;
  return {
    profile,
    session: ssoSessionOf(profile, settings, section),
    accountId: required(settings.sso_account_id, 'sso_account_id', where),
    roleName: required(settings.sso_role_name, 'sso_role_name', where),
  };
}

// What the token is filed under: the session name, or the start URL for the legacy form (as the AWS CLI does).
export function tokenName(session: SsoSession): string {
  return session.name ?? session.startUrl;
}

/**
 * What each key may hold: the region picks the endpoint host, the start URL,
 * account and role go into requests and into the history and `list`.
 */
const RULES: Readonly<Record<string, { test: (value: string) => boolean; expected: string }>> = {
  sso_region: { test: isRegionName, expected: 'a region name such as us-east-1' },
  sso_start_url: {
    test: (v) => /^https?:\/\/[^\s\p{Cc}"'`<>\\]+$/u.test(v),
    expected: 'the https:// start URL of your AWS access portal',
  },
  sso_account_id: { test: (v) => /^\d{12}$/.test(v), expected: 'a 12-digit account id' },
  sso_role_name: {
    test: (v) => /^[\w+=,.@-]{1,64}$/.test(v),
    expected: 'a permission set name: 1-64 letters, digits and +=,.@_-',
  },
};

function required(value: string | undefined, key: string, where: string): string {
  if (value === undefined || value.trim() === '')
    throw configError(`${where} has no ${key}`, `add ${key} to ${where} in your AWS config`);
  const trimmed = value.trim();
  const rule = RULES[key];
  if (rule && !rule.test(trimmed))
    throw configError(
      `${key} of ${where} is "${printable(trimmed)}", not ${rule.expected}`,
      `correct ${key} in ${where} of your AWS config`,
    );
  return trimmed;
}

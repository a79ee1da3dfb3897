// What the `awsrole sso` commands share: the session a profile or --sso-session names, and the SSO deps.
import type { AwsConfig, ProfileSettings } from '../config/aws-config.js';
import { configError, usageError } from '../errors.js';
import { type SsoDeps, ssoDepsFrom } from '../sso/sso-deps.js';
import { type SsoSession, sessionFromSection, ssoSessionOf } from '../sso/sso-profile.js';
import { type Io, type Services, sourceWorld } from './context.js';

/** Which session a command is about: a profile's, or one named with --sso-session. */
export interface SessionChoice {
  readonly profile?: string | undefined;
  readonly ssoSession?: string | undefined;
}

/** The session, and the name error hints give for it. */
export interface ChosenSession {
  readonly session: SsoSession;
  /** The profile named (or, without one, "--sso-session NAME"). */
  readonly label: string;
}

// The SSO settings of a profile, following source_profile from a role profile down to its SSO profile.
export function ssoSettingsOf(config: AwsConfig, profile: string): ProfileSettings | undefined {
  const seen = new Set<string>();
  let name: string | undefined = profile;
  while (name !== undefined && !seen.has(name)) {
    seen.add(name);
    const settings = config.profiles.get(name);
    if (settings?.sso_session !== undefined || settings?.sso_start_url !== undefined)
      return settings;
    name = settings?.role_arn ? settings.source_profile : undefined;
  }
  return undefined;
}

// Resolves the session a command names; with neither a profile nor --sso-session, the only one there is.
export function chooseSession(config: AwsConfig, choice: SessionChoice): ChosenSession {
  const sessions = config.ssoSessions ?? new Map<string, ProfileSettings>();
  if (choice.ssoSession !== undefined) {
    const section = sessions.get(choice.ssoSession);
    if (!section) {
      throw configError(
        `there is no [sso-session ${choice.ssoSession}] section in ${config.configPath}`,
        sessions.size > 0
          ? `known sessions: ${[...sessions.keys()].join(', ')}`
          : 'run `aws configure sso-session` or add the section by hand',
      );
    }
    return {
      session: sessionFromSection(choice.ssoSession, section),
      label: `--sso-session ${choice.ssoSession}`,
    };
  }
  if (choice.profile !== undefined) {
    const settings = ssoSettingsOf(config, choice.profile);
    if (!settings) {
      throw configError(
        `profile "${choice.profile}" is not an IAM Identity Center profile`,
        'name a profile with sso_session or sso_start_url, or use --sso-session NAME',
      );
    }
    const section =
      settings.sso_session === undefined ? undefined : sessions.get(settings.sso_session);
    return { session: ssoSessionOf(choice.profile, settings, section), label: choice.profile };
  }
  const [only, ...more] = [...sessions.entries()];
  if (only && more.length === 0)
    return { session: sessionFromSection(only[0], only[1]), label: `--sso-session ${only[0]}` };
  throw usageError(
    sessions.size === 0
      ? 'no [sso-session] section in your AWS config'
      : 'more than one [sso-session] section in your AWS config',
    'name an SSO profile, or pass --sso-session NAME',
  );
}

// The SSO deps of a command run: the secret store, the lazily loaded SDK, locks and the terminal.
export function ssoDeps(io: Io, services: Services): SsoDeps {
  return ssoDepsFrom(sourceWorld(io, services));
}

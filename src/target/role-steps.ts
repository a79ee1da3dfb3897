// Builds AssumeRole steps from flags and profile settings, checking STS's rules.
import type { ProfileSettings } from '../config/aws-config.js';
import { checkRoleDuration, DEFAULT_ROLE_DURATION, parseDuration } from '../config/duration.js';
import { type SessionParamFlags, sessionParams } from '../config/session-params.js';
import { checkExternalId, checkSessionName, defaultSessionName } from '../config/sts-names.js';
import { checkedSetting } from '../errors.js';
import type { RoleStep, TargetOptions } from './target-types.js';

/** Session name and external id from the flags, and the fallback session name. */
export interface StepDefaults {
  sessionName: string | undefined;
  externalId: string | undefined;
  fallbackSessionName: string;
  /** Session tags, source identity and policies from the flags (final hop only). */
  params?: SessionParamFlags | undefined;
}

// The per-step defaults the flags and environment give.
export function stepDefaults(options: TargetOptions, env: NodeJS.ProcessEnv): StepDefaults {
  return {
    sessionName:
      options.sessionName === undefined ? undefined : checkSessionName(options.sessionName),
    externalId: options.externalId === undefined ? undefined : checkExternalId(options.externalId),
    fallbackSessionName: defaultSessionName(env),
    params: {
      sessionTags: options.sessionTags,
      transitiveTags: options.transitiveTags,
      sourceIdentity: options.sourceIdentity,
      policyArns: options.policyArns,
      policy: options.policy,
    },
  };
}

// One AssumeRole step: the profile's settings under the flags, durations checked.
export function makeStep(
  roleArn: string,
  defaults: StepDefaults,
  profile: { name: string; settings: ProfileSettings; durationLabel?: string } | undefined,
  durationFlag: string | undefined,
  chained: boolean,
): RoleStep {
  const settings = profile?.settings ?? {};
  const given = durationFlag ?? settings.duration_seconds;
  const seconds = given === undefined ? DEFAULT_ROLE_DURATION : parseDuration(given);
  const setting = (key: string, check: (v: string) => string) =>
    profileValue(settings[key], check, `${key} of profile "${profile?.name ?? ''}"`);
  const sessionName = defaults.sessionName ?? setting('role_session_name', checkSessionName);
  const externalId = defaults.externalId ?? setting('external_id', checkExternalId);
  return {
    ...sessionParams(settings, profile?.name, defaults.params),
    roleArn,
    sessionName: sessionName ?? defaults.fallbackSessionName,
    externalId,
    durationSeconds:
      given === undefined
        ? seconds
        : durationFlag !== undefined
          ? checkRoleDuration(seconds, chained, durationFlag)
          : // The label names duration_seconds, its profile and line: a config problem (exit 3).
            checkedSetting('', () =>
              checkRoleDuration(seconds, chained, profile?.durationLabel ?? given),
            ),
    profile: profile?.name,
  };
}

function profileValue(
  value: string | undefined,
  check: (v: string) => string,
  where: string,
): string | undefined {
  return value === undefined || value === ''
    ? undefined
    : checkedSetting(where, () => check(value));
}

// Resolves what the user typed as <role> into a Target: where the keys come from and which roles to assume.
import { AwsroleError, configError, ExitCode, usageError } from '../errors.js';
import type { AwsConfig, ProfileSettings } from './aws-config.js';
import { closestNames } from './closest-names.js';
import {
  checkRoleDuration,
  DEFAULT_ROLE_DURATION,
  MAX_CHAINED_DURATION,
  parseDuration,
} from './duration.js';
import { isRoleName, looksLikeArn, parseRoleArn, roleArnFor } from './role-arn.js';
import {
  checkExternalId,
  checkMfaSerial,
  checkSessionName,
  defaultSessionName,
} from './sts-names.js';

/** One AssumeRole call. */
export interface RoleStep {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId?: string | undefined;
  readonly durationSeconds: number;
  /** The profile this step came from, when it came from one. */
  readonly profile?: string | undefined;
}

/** Everything needed to produce the credentials for one `<role>`. */
export interface Target {
  /** The role exactly as the user gave it (exported to the child as AWSROLE). */
  readonly given: string;
  /** The profile whose stored long-term keys start the chain. */
  readonly sourceProfile: string;
  /** AssumeRole calls in order; empty means a session for the source profile itself. */
  readonly steps: readonly RoleStep[];
  /** Requested lifetime of the final credentials, in seconds. */
  readonly durationSeconds: number;
  readonly region?: string | undefined;
  readonly mfaSerial?: string | undefined;
  /** A command whose stdout is the current MFA code (profile setting mfa_process). */
  readonly mfaProcess?: string | undefined;
  /** A bare role name whose ARN (account, partition) comes from the source keys; see completeTarget. */
  readonly pendingRoleName?: string | undefined;
}

/** Flags that shape the resolution. */
export interface TargetOptions {
  readonly duration?: string | undefined;
  readonly source?: string | undefined;
  readonly region?: string | undefined;
  readonly sessionName?: string | undefined;
  readonly externalId?: string | undefined;
  readonly mfaSerial?: string | undefined;
}

/** Looks up the partition and account of a source profile's keys (for bare role names). */
export type AccountLookup = (profile: string) => Promise<{ partition: string; accountId: string }>;

const UNSUPPORTED_SOURCES = [
  'credential_source',
  'web_identity_token_file',
  'sso_session',
  'sso_start_url',
  'credential_process',
];

/**
 * Resolves <role>: a profile with role_arn, then a role ARN, then a bare role
 * name. Resolution is synchronous and does no I/O beyond the parsed config, so
 * a cache lookup can follow at once; a bare role name leaves `pendingRoleName`
 * set and its ARN is filled in by completeTarget() only when STS is called.
 */
export function resolveTarget(
  given: string,
  options: TargetOptions,
  config: AwsConfig,
  env: NodeJS.ProcessEnv,
): Target {
  const target = resolveWithoutEnv(given, options, config, stepDefaults(options, env));
  // A region from the environment is as "known" as one from the profile: the
  // child gets it in both AWS_REGION and AWS_DEFAULT_REGION (boto reads the latter).
  const region = target.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  return region === target.region ? target : { ...target, region };
}

function resolveWithoutEnv(
  given: string,
  options: TargetOptions,
  config: AwsConfig,
  defaults: StepDefaults,
): Target {
  if (config.profiles.has(given)) {
    return fromProfile(given, options, config, defaults);
  }
  const source = options.source ?? 'default';
  if (looksLikeArn(given)) {
    const arn = parseRoleArn(given);
    const step = makeStep(arn.arn, defaults, undefined, options.duration, false);
    return finish(given, source, [step], config, options);
  }
  if (isRoleName(given)) {
    const step = makeStep('', defaults, undefined, options.duration, false);
    return { ...finish(given, source, [step], config, options), pendingRoleName: given };
  }
  throw unknownProfile(given, config, 'role');
}

// Fills in the ARN of a bare role name from the source keys' account.
export async function completeTarget(
  target: Target,
  lookupAccount: AccountLookup,
): Promise<Target> {
  const name = target.pendingRoleName;
  const [step] = target.steps;
  if (name === undefined || step === undefined) return target;
  const { partition, accountId } = await lookupAccount(target.sourceProfile);
  return {
    ...target,
    pendingRoleName: undefined,
    steps: [{ ...step, roleArn: roleArnFor(partition, accountId, name) }],
  };
}

interface StepDefaults {
  sessionName: string | undefined;
  externalId: string | undefined;
  fallbackSessionName: string;
}

function stepDefaults(options: TargetOptions, env: NodeJS.ProcessEnv): StepDefaults {
  return {
    sessionName:
      options.sessionName === undefined ? undefined : checkSessionName(options.sessionName),
    externalId: options.externalId === undefined ? undefined : checkExternalId(options.externalId),
    fallbackSessionName: defaultSessionName(env),
  };
}

function makeStep(
  roleArn: string,
  defaults: StepDefaults,
  profile: { name: string; settings: ProfileSettings } | undefined,
  durationFlag: string | undefined,
  chained: boolean,
): RoleStep {
  const settings = profile?.settings ?? {};
  const given = durationFlag ?? settings.duration_seconds;
  const seconds = given === undefined ? DEFAULT_ROLE_DURATION : parseDuration(given);
  const sessionName =
    defaults.sessionName ?? profileValue(settings.role_session_name, checkSessionName);
  const externalId = defaults.externalId ?? profileValue(settings.external_id, checkExternalId);
  return {
    roleArn,
    sessionName: sessionName ?? defaults.fallbackSessionName,
    externalId,
    durationSeconds:
      given === undefined ? seconds : checkRoleDuration(seconds, chained, String(given)),
    profile: profile?.name,
  };
}

function profileValue(value: string | undefined, check: (v: string) => string): string | undefined {
  return value === undefined || value === '' ? undefined : check(value);
}

function fromProfile(
  given: string,
  options: TargetOptions,
  config: AwsConfig,
  defaults: StepDefaults,
): Target {
  const chain: { name: string; settings: ProfileSettings }[] = [];
  const seen: string[] = [];
  let name = given;
  let source: string | undefined;
  for (;;) {
    if (seen.includes(name)) {
      throw configError(
        `source_profile cycle: ${[...seen, name].join(' -> ')}`,
        'remove the loop in your AWS config',
      );
    }
    seen.push(name);
    const settings = config.profiles.get(name);
    if (!settings) {
      // A source profile's keys live in awsrole's store (`awsrole add`), so it needs no
      // config section; the SDK's parser also drops empty ones like a bare `[default]`.
      source = name;
      break;
    }
    rejectUnsupported(name, settings);
    if (!settings.role_arn) {
      source = name;
      break;
    }
    if (settings.aws_access_key_id) {
      throw configError(
        `profile "${name}" has both role_arn and aws_access_key_id`,
        'keep the keys in a separate profile and point source_profile at it',
      );
    }
    chain.unshift({ name, settings });
    // --source replaces where the chain starts: the top profile's own source.
    if (seen.length === 1 && options.source !== undefined) {
      source = options.source;
      break;
    }
    if (!settings.source_profile) {
      source = 'default';
      break;
    }
    name = settings.source_profile;
  }
  const steps = chain.map((link, index) => {
    const isTop = index === chain.length - 1;
    const arn = parseRoleArn(link.settings.role_arn ?? '').arn;
    const own: StepDefaults = isTop
      ? defaults
      : { ...defaults, sessionName: undefined, externalId: undefined };
    // Only the final hop is checked against the chaining cap; an intermediate
    // hop's duration_seconds is meant for when that profile is used directly,
    // so it is clamped to what STS allows a chained hop.
    const step = makeStep(arn, own, link, isTop ? options.duration : undefined, isTop && index > 0);
    return isTop || index === 0
      ? step
      : { ...step, durationSeconds: Math.min(step.durationSeconds, MAX_CHAINED_DURATION) };
  });
  return finish(
    given,
    source,
    steps,
    config,
    options,
    [...chain].reverse().map((c) => c.settings),
  );
}

/** A command line that starts awsrole: the program is awsrole (any path or extension). */
const RUNS_AWSROLE = /(?:^|[\s/\\"'])awsrole(?:\.[a-z]+)?(?=$|[\s"'])/i;

function rejectUnsupported(name: string, settings: ProfileSettings): void {
  const key = UNSUPPORTED_SOURCES.find((k) => settings[k] !== undefined);
  if (key === undefined) return;
  // Reached when credential_process calls awsrole for this very profile (or a
  // chain through it): say so, instead of advising to use it with the AWS CLI.
  if (key === 'credential_process' && RUNS_AWSROLE.test(settings.credential_process ?? '')) {
    throw new AwsroleError(
      `profile "${name}" gets its credentials from awsrole itself (credential_process), so awsrole cannot start from it: that would loop`,
      {
        exitCode: ExitCode.refused,
        hint: 'in credential_process, name a role profile, role name or role ARN whose source keys you stored with `awsrole add`',
      },
    );
  }
  if (settings.role_arn === undefined) {
    throw configError(
      `profile "${name}" gets its credentials from ${key}, not from awsrole's store`,
      'use that profile with the AWS CLI directly, or point awsrole at a profile whose keys you stored with `awsrole add`',
    );
  }
  throw configError(
    `profile "${name}" uses ${key}, which awsrole does not support`,
    'use source_profile naming a profile whose keys you stored with `awsrole add`',
  );
}

function finish(
  given: string,
  source: string,
  steps: RoleStep[],
  config: AwsConfig,
  options: TargetOptions,
  topFirst: ProfileSettings[] = [],
): Target {
  const sourceSettings = config.profiles.get(source) ?? {};
  const chainSettings = [...topFirst, sourceSettings];
  const durationSeconds = steps.at(-1)?.durationSeconds ?? sessionDuration(options, sourceSettings);
  const region = options.region ?? chainSettings.map((s) => s.region).find(Boolean) ?? undefined;
  const mfaSerial =
    options.mfaSerial ?? chainSettings.map((s) => s.mfa_serial).find(Boolean) ?? undefined;
  const mfaProcess = chainSettings.map((s) => s.mfa_process).find(Boolean) ?? undefined;
  if (mfaSerial !== undefined) checkMfaSerial(mfaSerial);
  return { given, sourceProfile: source, steps, durationSeconds, region, mfaSerial, mfaProcess };
}

function sessionDuration(options: TargetOptions, settings: ProfileSettings): number {
  const given = options.duration ?? settings.duration_seconds;
  if (given === undefined) return DEFAULT_ROLE_DURATION;
  const seconds = parseDuration(given);
  if (seconds < 900 || seconds > 129_600) {
    throw usageError(
      `duration ${given} is out of range for a session`,
      'choose a duration from 15m to 36h',
    );
  }
  return seconds;
}

// Builds the "unknown profile" error with the closest known names.
export function unknownProfile(name: string, config: AwsConfig, role: string): Error {
  const names = config.names;
  const close = closestNames(name, names);
  const hint =
    close.length > 0
      ? `did you mean ${close.map((n) => `"${n}"`).join(' or ')}?`
      : names.length > 0
        ? `known profiles: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''}`
        : `no profiles in ${config.configPath}; pass a role ARN or a role name`;
  return configError(
    `"${name}" (${role}) is not a profile in ${config.configPath}, a role ARN, or a role name`,
    hint,
  );
}

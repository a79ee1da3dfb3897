// Follows a profile's source_profile links: cycles, unsupported credential sources and role chaining.
import type { AwsConfig, ProfileSettings } from '../config/aws-config.js';
import { checkConfigDuration } from '../config/config-duration.js';
import { MAX_CHAINED_DURATION } from '../config/duration.js';
import { profileSettings } from '../config/include-profile.js';
import { parseRoleArn } from '../config/role-arn.js';
import { AwsroleError, configError, ExitCode } from '../errors.js';
import { makeStep, type StepDefaults } from './role-steps.js';
import type { RoleStep, SourcePolicy, TargetOptions } from './target-types.js';

/** Where a profile's chain starts, its steps in assume order, and the settings top profile first. */
export interface ProfileChain {
  readonly source: string;
  readonly steps: RoleStep[];
  readonly topFirst: ProfileSettings[];
}

// Walks source_profile links from a profile down to the one the policy says starts the chain.
export function walkProfileChain(
  given: string,
  options: TargetOptions,
  config: AwsConfig,
  defaults: StepDefaults,
  policy: SourcePolicy,
): ProfileChain {
  const chain: { name: string; settings: ProfileSettings; durationLabel?: string | undefined }[] =
    [];
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
    const settings = profileSettings(config, name);
    if (!settings) {
      // A source profile's keys live in awsrole's store (`awsrole add`), so it needs no
      // config section; the SDK's parser also drops empty ones like a bare `[default]`.
      source = name;
      break;
    }
    rejectUnsupported(name, settings, policy);
    if (policy.startsChain(settings)) {
      source = name;
      break;
    }
    if (settings.aws_access_key_id && settings.source_profile !== name) {
      throw configError(
        `profile "${name}" has both role_arn and aws_access_key_id`,
        'keep the keys in a separate profile and point source_profile at it',
      );
    }
    chain.unshift({ name, settings, durationLabel: checkConfigDuration(config, name, settings) });
    // --source replaces where the chain starts: the top profile's own source.
    if (seen.length === 1 && options.source !== undefined) {
      source = options.source;
      break;
    }
    if (!settings.source_profile) {
      source = 'default';
      break;
    }
    // As in botocore: a profile that is its own source starts from its own (stored) keys.
    if (settings.source_profile === name) {
      source = name;
      break;
    }
    name = settings.source_profile;
  }
  const steps = chain.map((link, index) => {
    const isTop = index === chain.length - 1;
    const arn = parseRoleArn(link.settings.role_arn ?? '').arn;
    const own: StepDefaults = isTop
      ? defaults
      : { ...defaults, sessionName: undefined, externalId: undefined, params: undefined };
    // Only the final hop is checked against the chaining cap; an intermediate
    // hop's duration_seconds is meant for when that profile is used directly,
    // so it is clamped to what STS allows a chained hop.
    const step = makeStep(arn, own, link, isTop ? options.duration : undefined, isTop && index > 0);
    return isTop || index === 0
      ? step
      : { ...step, durationSeconds: Math.min(step.durationSeconds, MAX_CHAINED_DURATION) };
  });
  return { source, steps, topFirst: [...chain].reverse().map((c) => c.settings) };
}

/** A command line that starts awsrole: the program is awsrole (any path or extension). */
const RUNS_AWSROLE = /(?:^|[\s/\\"'])awsrole(?:\.[a-z]+)?(?=$|[\s"'])/i;

function rejectUnsupported(name: string, settings: ProfileSettings, policy: SourcePolicy): void {
  const key = policy.refusedKeys.find((k) => settings[k] !== undefined);
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

// Resolves what the user typed as <role> into a Target: where the keys come from and which roles to assume.
import type { AwsConfig, ProfileSettings } from '../config/aws-config.js';
import { closestNames } from '../config/closest-names.js';
import { checkConfigDuration, settingOrigin } from '../config/config-duration.js';
import { DEFAULT_ROLE_DURATION, parseDuration } from '../config/duration.js';
import { profileSettings } from '../config/include-profile.js';
import { isRoleName, looksLikeArn, parseRoleArn, roleArnFor } from '../config/role-arn.js';
import { checkMfaSerial } from '../config/sts-names.js';
import { checkedSetting, configError, usageError } from '../errors.js';
import { isRegionName } from '../partition/partitions.js';
import { walkProfileChain } from './profile-chain.js';
import { makeStep, type StepDefaults, stepDefaults } from './role-steps.js';
import type {
  AccountLookup,
  MfaPromptSettings,
  RoleStep,
  SourcePolicy,
  Target,
  TargetOptions,
} from './target-types.js';

export type * from './target-types.js';

/**
 * Resolves <role>: a profile of the AWS config, then a profile that only has
 * stored keys (`stored`: the caller looked in the secret store, as aws-vault
 * does), then a role ARN, then a bare role name. Resolution is synchronous and
 * does no I/O beyond the parsed config, so a cache lookup can follow at once;
 * a bare role name leaves `pendingRoleName` set and its ARN is filled in by
 * completeTarget() only when STS is called.
 */
export function resolveTarget(
  given: string,
  options: TargetOptions,
  config: AwsConfig,
  env: NodeJS.ProcessEnv,
  policy: SourcePolicy,
  stored: ReadonlySet<string> = new Set(),
): Target {
  // As in the aws CLI: --region, then AWS_REGION / AWS_DEFAULT_REGION of the parent
  // environment, then the target profile's region, then its source's (docs/configuration.md).
  // A region from the environment stands in for --region, so the profiles' is not even read.
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  checkGivenRegion(options.region, '--region');
  checkGivenRegion(fromEnv, env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION');
  const withRegion =
    options.region === undefined && fromEnv ? { ...options, region: fromEnv } : options;
  return resolveWithoutEnv(given, withRegion, config, stepDefaults(options, env), policy, stored);
}

function resolveWithoutEnv(
  given: string,
  options: TargetOptions,
  config: AwsConfig,
  defaults: StepDefaults,
  policy: SourcePolicy,
  stored: ReadonlySet<string>,
): Target {
  if (config.profiles.has(given)) {
    const chain = walkProfileChain(given, options, config, defaults, policy);
    const target = finish(given, chain.source, chain.steps, config, options, chain.topFirst);
    return { ...target, rule: 'config-profile' };
  }
  // Keys stored for a name make it a profile, as a config profile without role_arn:
  // an STS session (GetSessionToken) from its own keys.
  if (stored.has(given)) {
    return { ...finish(given, given, [], config, options), rule: 'stored-profile' };
  }
  const source = options.source ?? 'default';
  if (looksLikeArn(given)) {
    const arn = parseRoleArn(given);
    const step = makeStep(arn.arn, defaults, undefined, options.duration, false);
    return { ...finish(given, source, [step], config, options), rule: 'role-arn' };
  }
  const roleName = explicitRoleName(given) ?? (isRoleName(given) ? given : undefined);
  if (roleName !== undefined) {
    if (roleName === given) refuseNearMiss(given, config);
    const step = makeStep('', defaults, undefined, options.duration, false);
    const target = finish(given, source, [step], config, options);
    return { ...target, pendingRoleName: roleName, rule: 'role-name' };
  }
  throw unknownProfile(given, config, 'role');
}

// Whether resolving `given` asks the secret store first: only a name that is not a config
// profile, a role ARN or an explicit role/NAME may be a profile with stored keys only.
export function mayBeStoredProfile(given: string, config: AwsConfig): boolean {
  return !config.profiles.has(given) && !looksLikeArn(given) && !given.startsWith('role/');
}

/** `role/NAME`: a bare role name meant as one, even when a profile has a similar name. */
function explicitRoleName(given: string): string | undefined {
  if (!given.startsWith('role/')) return undefined;
  const name = given.slice('role/'.length);
  if (isRoleName(name)) return name;
  throw usageError(
    `"${given}" is not a role name: after "role/" a name of up to 64 letters, digits and + = , . @ _ - must follow`,
    'for a role with a path, give its full ARN',
  );
}

/**
 * A bare word one or two typos away from a profile is far more likely a
 * mistyped profile than a role: assuming it would ask STS for a role that does
 * not exist, and real AWS answers that with a generic AccessDenied.
 */
function refuseNearMiss(given: string, config: AwsConfig): void {
  // One edit for names under 10 characters (Role_C is not a typo of role-a), two from there on.
  const [near] = closestNames(given, config.names, given.length < 10 ? 1 : 2);
  if (near === undefined) return;
  throw configError(
    `"${given}" is not a profile; did you mean ${near}?`,
    `to assume a role of exactly that name, write role/${given} or its full role ARN`,
  );
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

function finish(
  given: string,
  source: string,
  steps: RoleStep[],
  config: AwsConfig,
  options: TargetOptions,
  topFirst: ProfileSettings[] = [],
): Target {
  const sourceSettings = profileSettings(config, source) ?? {};
  const chainSettings = [...topFirst, sourceSettings];
  const durationSeconds =
    steps.at(-1)?.durationSeconds ??
    sessionDuration(options, sourceSettings, checkConfigDuration(config, source, sourceSettings));
  const region = options.region ?? profileRegion(chainSettings, config);
  const mfaSerial =
    options.mfaSerial ?? chainSettings.map((s) => s.mfa_serial).find(Boolean) ?? undefined;
  const mfaProcess = chainSettings.map((s) => s.mfa_process).find(Boolean) ?? undefined;
  if (options.mfaSerial !== undefined) checkMfaSerial(options.mfaSerial);
  else if (mfaSerial !== undefined) {
    const settings = chainSettings.find((s) => s.mfa_serial);
    const owner = [...config.profiles].find(([, s]) => s === settings)?.[0] ?? source;
    checkedSetting(settingOrigin(config, owner, 'mfa_serial'), () => checkMfaSerial(mfaSerial));
  }
  const mfaPrompt = mfaPromptSettings(chainSettings, config);
  return {
    given,
    sourceProfile: source,
    steps,
    durationSeconds,
    region,
    mfaSerial,
    mfaProcess,
    mfaPrompt,
  };
}

// The MFA prompt settings down a profile chain: each key from the first profile that sets it.
export function mfaPromptSettings(
  chain: readonly ProfileSettings[],
  config: AwsConfig,
): MfaPromptSettings {
  const first = (key: string) => chain.map((s) => s[key]).find(Boolean) ?? undefined;
  const withPrompt = chain.find((s) => s.mfa_prompt);
  const owner = [...config.profiles].find(([, s]) => s === withPrompt)?.[0];
  const value = withPrompt?.mfa_prompt;
  return {
    prompt:
      value === undefined
        ? undefined
        : { value, origin: owner ? settingOrigin(config, owner, 'mfa_prompt') : 'mfa_prompt' },
    oathAccount: first('ykman_oath_credential_name'),
    oathDevice: first('ykman_oath_device_serial'),
    passEntry: first('pass_oath_credential_name'),
  };
}

/** A region from the command line or the environment, refused (naming where it came from) as the aws CLI would. */
function checkGivenRegion(region: string | undefined, where: string): void {
  if (region === undefined || isRegionName(region)) return;
  throw usageError(
    `${where} is "${region.replace(/[^\x20-\x7e]/g, '?')}", not a region name`,
    'give a region such as eu-west-1: letters, digits and -, as the aws CLI accepts',
  );
}

/** The first region down the chain, refused (naming where) when the aws CLI would refuse it too. */
function profileRegion(chain: readonly ProfileSettings[], config: AwsConfig): string | undefined {
  const settings = chain.find((s) => s.region);
  const region = settings?.region;
  if (settings === undefined || region === undefined || isRegionName(region)) return region;
  const owner = [...config.profiles].find(([, s]) => s === settings)?.[0];
  const where = owner === undefined ? 'region' : settingOrigin(config, owner, 'region');
  throw configError(
    `${where} is "${region}", not a region name`,
    'write the region alone, e.g. region = eu-west-1, and put any comment on a line of its own',
  );
}

function sessionDuration(
  options: TargetOptions,
  settings: ProfileSettings,
  profileLabel: string | undefined,
): number {
  const given = options.duration ?? settings.duration_seconds;
  if (given === undefined) return DEFAULT_ROLE_DURATION;
  const seconds = parseDuration(given);
  if (seconds < 900 || seconds > 129_600) {
    const message = `duration ${options.duration ?? profileLabel ?? given} is out of range for a session`;
    const hint = 'choose a duration from 15m to 36h';
    // A --duration flag is a usage error; duration_seconds (named with its line) a config one.
    throw options.duration === undefined ? configError(message, hint) : usageError(message, hint);
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

// The shapes of a resolved <role>: the AssumeRole steps, the target and the flags that shape it.
import type { ProfileSettings } from '../config/aws-config.js';
import type { SessionParamFlags, SessionParams, StringFlags } from '../config/session-params.js';

/** One AssumeRole call (session tags, source identity and policies from SessionParams). */
export interface RoleStep extends SessionParams {
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
  /** The profile's MFA prompt settings (mfa_prompt and the names its driver needs). */
  readonly mfaPrompt?: MfaPromptSettings | undefined;
  /** A bare role name whose ARN (account, partition) comes from the source keys; see completeTarget. */
  readonly pendingRoleName?: string | undefined;
  /** Which resolution rule turned `given` into this target (for --debug). */
  readonly rule?: ResolutionRule | undefined;
}

/** The rules resolveTarget tries, in order (docs/configuration.md). */
export type ResolutionRule = 'config-profile' | 'stored-profile' | 'role-arn' | 'role-name';

/** How the profile asks for MFA codes (docs/mfa-prompts.md). */
export interface MfaPromptSettings {
  /** mfa_prompt, and where it was set (for messages). */
  readonly prompt?: { readonly value: string; readonly origin: string } | undefined;
  /** ykman_oath_credential_name: the YubiKey OATH account. */
  readonly oathAccount?: string | undefined;
  /** ykman_oath_device_serial: which YubiKey, when several are plugged in. */
  readonly oathDevice?: string | undefined;
  /** pass_oath_credential_name: the pass-otp entry. */
  readonly passEntry?: string | undefined;
}

/**
 * Flags that shape the resolution: --duration, --source, --region,
 * --session-name, --external-id, --mfa-serial, and the final hop's session
 * tags, source identity and policies.
 */
export type TargetOptions = SessionParamFlags &
  StringFlags<'duration' | 'source' | 'region' | 'sessionName' | 'externalId' | 'mfaSerial'>;

/** Looks up the partition and account of a source profile's keys (for bare role names). */
export type AccountLookup = (profile: string) => Promise<{ partition: string; accountId: string }>;

/**
 * What the credential sources decide about a profile chain. Resolution knows
 * nothing of sources; the side that registers them passes this in
 * (src/sources/registry.ts), so a new source never edits the walker.
 */
export interface SourcePolicy {
  /** Settings of credential sources no registered source reads, in the order they are reported. */
  readonly refusedKeys: readonly string[];
  /** Whether the chain starts at a profile with these settings instead of following its role_arn. */
  readonly startsChain: (settings: ProfileSettings) => boolean;
}

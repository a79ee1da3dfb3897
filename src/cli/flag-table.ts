// The flags that commands share, as read by yargs, the fast parser and completion alike.
import { PROMPT_DRIVERS } from '../prompt/driver-names.js';
import { BACKEND_NAMES } from '../store/backend-names.js';

/** What completion offers for a value: profile names from the AWS config, or a fixed list. */
export type Values = 'profiles' | readonly string[];

/** A flag as both parsers and completion understand it. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly alias?: string;
  readonly default?: boolean | string;
  readonly describe: string;
  /** The only values accepted (checked by both parsers, offered by completion). */
  readonly choices?: readonly string[];
  /** What completion suggests for the value (any value is accepted). */
  readonly values?: Values;
}

/** Suggestions for the duration flags. */
export const ROLE_DURATIONS = ['15m', '30m', '1h', '2h', '4h', '8h', '12h'] as const;
export const SESSION_DURATIONS = ['1h', '4h', '8h', '12h', '24h', '36h'] as const;
export const MIN_TTLS = ['5m', '15m', '30m', '1h'] as const;

export const TARGET_FLAGS = {
  duration: {
    type: 'string',
    alias: 'd',
    values: ROLE_DURATIONS,
    describe:
      "How long the credentials last (15m..12h; 1h max when role chaining). Default: the profile's duration_seconds, else 1h",
  },
  source: {
    type: 'string',
    values: 'profiles',
    describe: 'Profile whose stored keys start the chain (default: source_profile, else "default")',
  },
  region: {
    type: 'string',
    describe: "AWS region for STS and the child (default: the profile's region)",
  },
  'session-name': {
    type: 'string',
    describe: 'Role session name (default: role_session_name, else awsrole-<user>)',
  },
  'external-id': { type: 'string', describe: "External id the role's trust policy expects" },
  'session-tags': {
    type: 'string',
    describe: "Session tags Key=Value,Key2=Value2 (default: the profile's session_tags)",
  },
  'transitive-tags': {
    type: 'string',
    describe:
      'Tag keys passed on to chained roles, comma-separated (default: transitive_session_tags)',
  },
  'source-identity': {
    type: 'string',
    describe: "Source identity of the session (default: the profile's source_identity)",
  },
  'policy-arn': {
    type: 'string',
    describe: 'Managed policy ARNs that further limit the session, comma-separated',
  },
  policy: {
    type: 'string',
    describe: 'Inline session policy (JSON) that further limits the session',
  },
} as const satisfies Record<string, FlagSpec>;

/** --prompt: how MFA codes are asked for (exec, export, login, rotate). */
export const PROMPT_FLAG = {
  type: 'string',
  choices: PROMPT_DRIVERS,
  describe:
    "How to ask for MFA codes: terminal, zenity, kdialog, osascript, ykman or pass (env AWSROLE_PROMPT; default: the profile's mfa_prompt, else the terminal, else a desktop dialog)",
} as const satisfies FlagSpec;

export const SESSION_FLAGS = {
  cache: {
    type: 'boolean',
    default: true,
    describe: 'Use cached credentials (--no-cache bypasses the cache for this run)',
  },
  refresh: {
    type: 'boolean',
    default: false,
    describe: 'Fetch new credentials and replace the cached ones',
  },
  'min-ttl': {
    type: 'string',
    values: MIN_TTLS,
    describe:
      'Reuse cached credentials only with at least this long left (env AWSROLE_MIN_TTL; default 15m)',
  },
  'mfa-serial': { type: 'string', describe: "MFA device ARN (default: the profile's mfa_serial)" },
  'mfa-token': {
    type: 'string',
    describe: 'Current 6-digit MFA code (default: mfa_process, else a prompt on the terminal)',
  },
  prompt: PROMPT_FLAG,
  'session-duration': {
    type: 'string',
    values: SESSION_DURATIONS,
    describe: 'Lifetime of the MFA session roles are assumed from (15m..36h; default 8h)',
  },
} as const satisfies Record<string, FlagSpec>;

/** Every flag of a command that resolves a <role> and provides its credentials. */
export const ROLE_FLAGS = { ...TARGET_FLAGS, ...SESSION_FLAGS };

/** The <role> positional of exec, export and login. */
export const ROLE_POSITIONAL = {
  name: 'role',
  describe: 'Profile, role ARN or role name',
  required: true,
  values: 'profiles',
} as const;

export const GLOBAL_FLAGS = {
  backend: {
    type: 'string',
    choices: BACKEND_NAMES,
    describe: 'Secret store: keyring or file (env AWSROLE_BACKEND; default keyring)',
  },
  debug: {
    type: 'boolean',
    describe:
      'Explain each decision on stderr (config read, chain, cache, STS calls, store) and show stack traces on errors (env AWSROLE_DEBUG=1)',
  },
} as const satisfies Record<string, FlagSpec>;

/** Help and version, which yargs adds itself: declared here so the scanner and completion know them too. */
export const HELP_FLAG: FlagSpec = { type: 'boolean', alias: 'h', describe: 'Show help' };
export const VERSION_FLAG: FlagSpec = { type: 'boolean', describe: 'Show version number' };

// An off-by-default boolean flag (--name turns it on).
export function switchFlag(describe: string, alias?: string): FlagSpec {
  return alias === undefined
    ? { type: 'boolean', default: false, describe }
    : { type: 'boolean', alias, default: false, describe };
}

export const JSON_FLAG = switchFlag('Print JSON for scripts');

/** yargs would read "-d -1h" as -d with no value plus -1 -h (help); a string flag takes the next word. */
export type YargsFlag = Omit<FlagSpec, 'values'> & { readonly requiresArg: boolean };

// The table as yargs options: every string flag requires a value, even one starting with "-".
export function yargsFlags<T extends Record<string, FlagSpec>>(
  flags: T,
): Record<keyof T, YargsFlag> {
  const out = {} as Record<keyof T, YargsFlag>;
  for (const key of Object.keys(flags) as (keyof T)[]) {
    const spec = flags[key] as FlagSpec;
    const { values: _completionOnly, ...yargsSpec } = spec;
    out[key] = { ...yargsSpec, requiresArg: spec.type === 'string' };
  }
  return out;
}

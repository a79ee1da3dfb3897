// One table of the flags that commands share, used by yargs and by the fast exec parser alike.
import { EXPORT_FORMATS } from '../commands/export-formats.js';

/** A flag as both parsers understand it. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly alias?: string;
  readonly default?: boolean | string;
  readonly describe: string;
}

export const TARGET_FLAGS = {
  duration: {
    type: 'string',
    alias: 'd',
    describe:
      "How long the credentials last (15m..12h; 1h max when role chaining). Default: the profile's duration_seconds, else 1h",
  },
  source: {
    type: 'string',
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
} as const satisfies Record<string, FlagSpec>;

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
    describe:
      'Reuse cached credentials only with at least this long left (env AWSROLE_MIN_TTL; default 15m)',
  },
  'mfa-serial': { type: 'string', describe: "MFA device ARN (default: the profile's mfa_serial)" },
  'mfa-token': {
    type: 'string',
    describe: 'Current 6-digit MFA code (default: mfa_process, else a prompt on the terminal)',
  },
  'session-duration': {
    type: 'string',
    describe: 'Lifetime of the MFA session roles are assumed from (15m..36h; default 8h)',
  },
} as const satisfies Record<string, FlagSpec>;

export const EXEC_FLAGS = {
  ...TARGET_FLAGS,
  ...SESSION_FLAGS,
  server: {
    type: 'boolean',
    describe:
      'Serve credentials to the child from a local endpoint that renews them (env AWSROLE_SERVER=1)',
  },
} as const satisfies Record<string, FlagSpec>;

export const EXPORT_FLAGS = {
  ...TARGET_FLAGS,
  ...SESSION_FLAGS,
  format: {
    type: 'string',
    alias: 'f',
    default: 'env',
    describe: `Output format: ${EXPORT_FORMATS.join(', ')}`,
  },
  'allow-long-term': {
    type: 'boolean',
    default: false,
    describe: 'For a profile without a role: print its stored long-term keys instead of a session',
  },
} as const satisfies Record<string, FlagSpec>;

export const GLOBAL_FLAGS = {
  backend: {
    type: 'string',
    describe: 'Secret store: keyring or file (env AWSROLE_BACKEND; default keyring)',
  },
  debug: {
    type: 'boolean',
    describe: 'Show stack traces and SDK details on errors (env AWSROLE_DEBUG=1)',
  },
} as const satisfies Record<string, FlagSpec>;

/** yargs would read "-d -1h" as -d with no value plus -1 -h (help); a string flag takes the next word. */
export type YargsFlag = FlagSpec & { readonly requiresArg: boolean };

// The table as yargs options: every string flag requires a value, even one starting with "-".
export function yargsFlags<T extends Record<string, FlagSpec>>(
  flags: T,
): Record<keyof T, YargsFlag> {
  const out = {} as Record<keyof T, YargsFlag>;
  for (const key of Object.keys(flags) as (keyof T)[]) {
    const spec = flags[key] as FlagSpec;
    out[key] = { ...spec, requiresArg: spec.type === 'string' };
  }
  return out;
}

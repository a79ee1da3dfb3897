// The flags shared by every command that resolves a <role>.
import type { Argv } from 'yargs';
import type { SessionOptions } from '../commands/credentials-for.js';
import type { TargetOptions } from '../config/target.js';
import { optionalString, type ParsedArgs } from './command-spec.js';

// Declares --duration, --source, --region, --session-name, --external-id.
export function targetFlags(yargs: Argv): Argv {
  return yargs
    .option('duration', {
      alias: 'd',
      type: 'string',
      describe:
        "How long the credentials last (15m..12h; 1h max when role chaining). Default: the profile's duration_seconds, else 1h",
    })
    .option('source', {
      type: 'string',
      describe:
        'Profile whose stored keys start the chain (default: source_profile, else "default")',
    })
    .option('region', {
      type: 'string',
      describe: "AWS region for STS and the child (default: the profile's region)",
    })
    .option('session-name', {
      type: 'string',
      describe: 'Role session name (default: role_session_name, else awsrole-<user>)',
    })
    .option('external-id', {
      type: 'string',
      describe: "External id the role's trust policy expects",
    });
}

// Declares the cache and MFA flags: --no-cache, --refresh, --min-ttl, --mfa-*, --session-duration.
export function sessionFlags(yargs: Argv): Argv {
  return yargs
    .option('cache', {
      type: 'boolean',
      default: true,
      describe: 'Use cached credentials (--no-cache bypasses the cache for this run)',
    })
    .option('refresh', {
      type: 'boolean',
      default: false,
      describe: 'Fetch new credentials and replace the cached ones',
    })
    .option('min-ttl', {
      type: 'string',
      describe:
        'Reuse cached credentials only with at least this long left (env AWSROLE_MIN_TTL; default 15m)',
    })
    .option('mfa-serial', {
      type: 'string',
      describe: "MFA device ARN (default: the profile's mfa_serial)",
    })
    .option('mfa-token', {
      type: 'string',
      describe: 'Current 6-digit MFA code (default: mfa_process, else a prompt on the terminal)',
    })
    .option('session-duration', {
      type: 'string',
      describe: 'Lifetime of the MFA session roles are assumed from (15m..36h; default 8h)',
    });
}

// Collects the cache and MFA flags from parsed args.
export function sessionOptions(args: ParsedArgs): SessionOptions {
  return {
    cache: args.cache !== false,
    refresh: args.refresh === true,
    minTtl: optionalString(args, 'min-ttl'),
    mfaToken: optionalString(args, 'mfa-token'),
    sessionDuration: optionalString(args, 'session-duration'),
  };
}

// Collects the target flags from parsed args.
export function targetOptions(args: ParsedArgs): TargetOptions {
  return {
    duration: optionalString(args, 'duration'),
    source: optionalString(args, 'source'),
    region: optionalString(args, 'region'),
    sessionName: optionalString(args, 'session-name'),
    externalId: optionalString(args, 'external-id'),
    mfaSerial: optionalString(args, 'mfa-serial'),
  };
}

// The flags shared by every command that resolves a <role>.
import type { Argv } from 'yargs';
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

// Collects the target flags from parsed args.
export function targetOptions(args: ParsedArgs): TargetOptions {
  return {
    duration: optionalString(args, 'duration'),
    source: optionalString(args, 'source'),
    region: optionalString(args, 'region'),
    sessionName: optionalString(args, 'session-name'),
    externalId: optionalString(args, 'external-id'),
  };
}

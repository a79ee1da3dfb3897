// Reads the flags shared by every command that resolves a <role> into the handlers' options.
import type { SessionOptions } from '../commands/credentials-for.js';
import { usageError } from '../errors.js';
import type { TargetOptions } from '../target/target.js';
import { optionalString, type ParsedArgs } from './command-decl.js';

// Collects the cache and MFA flags from parsed args; --refresh and --no-cache contradict each other.
export function sessionOptions(args: ParsedArgs): SessionOptions {
  if (args.refresh === true && args.cache === false) {
    throw usageError(
      '--refresh and --no-cache contradict each other',
      '--refresh replaces the cached credentials, --no-cache neither reads nor writes them: use one',
    );
  }
  return {
    cache: args.cache !== false,
    refresh: args.refresh === true,
    minTtl: optionalString(args, 'min-ttl'),
    mfaToken: optionalString(args, 'mfa-token'),
    sessionDuration: optionalString(args, 'session-duration'),
    prompt: optionalString(args, 'prompt'),
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
    sessionTags: optionalString(args, 'session-tags'),
    transitiveTags: optionalString(args, 'transitive-tags'),
    sourceIdentity: optionalString(args, 'source-identity'),
    policyArns: optionalString(args, 'policy-arn'),
    policy: optionalString(args, 'policy'),
  };
}

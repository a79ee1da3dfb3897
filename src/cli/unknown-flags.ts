// Names a flag a command does not know, wherever it stands, and points aws-vault habits to the awsrole way.
import { closestNames } from '../config/closest-names.js';
import { usageError } from '../errors.js';
import type { CommandDecl } from './command-decl.js';
import { type FlagSpec, GLOBAL_FLAGS } from './flag-table.js';

/**
 * Flags aws-vault users type by habit that have no same-meaning flag here
 * (those that do, like --duration, --region, --mfa-token, --server and
 * --ecs-server, are accepted as they are): what to do in awsrole instead.
 */
const AWS_VAULT_WAYS: Readonly<Record<string, string>> = {
  'no-session':
    'awsrole assumes a role straight from the stored keys (an MFA session first only when mfa_serial is set) and never hands long-term keys to a command',
  'ec2-server':
    'awsrole serves credentials the ECS way: use `awsrole exec <role> --server -- <cmd>`; SDKs find it through AWS_CONTAINER_CREDENTIALS_FULL_URI',
  json: 'for credential_process JSON use `awsrole export --format credential-process <role>`',
  prompt:
    'awsrole asks for MFA codes on the terminal; for another source set mfa_process in the profile, or pass --mfa-token',
  'no-daemon': 'awsrole runs no daemon',
  lazy: 'awsrole always fetches credentials before the command starts (cached ones when still valid)',
};

/** Every spelling of the command's flags, without dashes: names, aliases, --no-<boolean>. */
function knownNames(decl: CommandDecl): Set<string> {
  const flags: Record<string, FlagSpec> = { ...decl.flags, ...GLOBAL_FLAGS };
  const names = new Set(['help', 'h', 'version']);
  for (const [name, spec] of Object.entries(flags)) {
    names.add(name);
    if (spec.alias) names.add(spec.alias);
    if (spec.type === 'boolean') names.add(`no-${name}`);
  }
  return names;
}

// The first flag in argv (the part before `--`) that the command does not know, without its dashes.
export function firstUnknownFlag(argv: readonly string[], decl: CommandDecl): string | undefined {
  const known = knownNames(decl);
  for (const token of argv) {
    if (!token.startsWith('-') || token === '-') continue;
    const name = token.replace(/^--?/, '').split('=')[0] ?? '';
    if (!token.startsWith('--') && name.length > 1) {
      // -abc: a bundle of short flags
      const unknown = [...name].find((c) => !known.has(c));
      if (unknown !== undefined) return unknown;
      continue;
    }
    if (!known.has(name)) return name;
  }
  return undefined;
}

// The usage error for an unknown flag: the aws-vault pointer, or the closest flag of the command
// (`label` names it, "sso login" for a subcommand).
export function unknownFlagError(name: string, decl: CommandDecl, label = decl.name) {
  const dashed = `${name.length === 1 ? '-' : '--'}${name}`;
  const way = AWS_VAULT_WAYS[name];
  if (way !== undefined) {
    return usageError(
      `${dashed} (an aws-vault flag) is not an option of \`awsrole ${label}\``,
      way,
    );
  }
  const [close] = closestNames(
    name,
    [...knownNames(decl)].filter((n) => n.length > 1),
  );
  return usageError(
    `unknown option ${dashed} for \`awsrole ${label}\``,
    close === undefined
      ? `see \`awsrole ${label} --help\``
      : `did you mean --${close}? See \`awsrole ${label} --help\``,
  );
}

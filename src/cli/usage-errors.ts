// awsrole's own usage errors, decided from the scan of the command line against the table (never from yargs' text).
import { closestNames } from '../config/closest-names.js';
import type { AwsroleError } from '../errors.js';
import { usageError } from '../errors.js';
import { type ArgvScan, flagsAt, usageLine } from './argv-scan.js';
import type { CommandDecl } from './command-decl.js';
import { COMMANDS } from './command-table.js';

/**
 * Flags aws-vault users type by habit that have no same-meaning flag here
 * (those that do, like --duration, --region, --mfa-token, --server and
 * --ecs-server, are accepted as they are): what to do in awsrole instead.
 */
const AWS_VAULT_WAYS: Readonly<Record<string, string>> = {
  'no-session':
    'awsrole assumes a role straight from the stored keys, with an MFA session first only when mfa_serial is set, and never hands long-term keys to a command',
  'ec2-server':
    'awsrole serves credentials the ECS way: use `awsrole exec <role> --server -- <cmd>`; SDKs find it through AWS_CONTAINER_CREDENTIALS_FULL_URI',
  json: 'for credential_process JSON use `awsrole export --format credential-process <role>`',
  'no-daemon': 'awsrole runs no daemon',
  lazy: 'awsrole always fetches credentials before the command starts (cached ones when still valid)',
};

// The usage error for an unknown flag: the aws-vault pointer, or the closest flag of the command
// (`label` names it, "sso login" for a subcommand).
export function unknownFlagError(name: string, decl: CommandDecl, label = decl.name): AwsroleError {
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
    spellings(decl).filter((n) => n.length > 1),
  );
  return usageError(
    `unknown option ${dashed} for \`awsrole ${label}\``,
    close === undefined
      ? `see \`awsrole ${label} --help\``
      : `did you mean --${close}? See \`awsrole ${label} --help\``,
  );
}

/** Every spelling of the command's flags, without dashes: names, aliases, --no-<boolean>. */
function spellings(decl: CommandDecl): string[] {
  return Object.entries(flagsAt(decl)).flatMap(([name, spec]) => [
    name,
    ...(spec.alias ? [spec.alias] : []),
    ...(spec.type === 'boolean' ? [`no-${name}`] : []),
  ]);
}

function plural(words: readonly string[]): string {
  return `unknown argument${words.length === 1 ? '' : 's'}: ${words.join(', ')}`;
}

/**
 * The mistake in a command line the full parser refused, named the awsrole
 * way, from the table alone: an unknown flag, command or subcommand, a
 * missing argument or subcommand, extra words, a value outside a flag's
 * choices, a flag without its value. Checked in that order (the first
 * mistake a reader would fix first); undefined when the table sees none.
 */
export function commandLineError(scan: ArgvScan): AwsroleError | undefined {
  const { command, path } = scan;
  const label = path.map((c) => c.name).join(' ');
  // Usage errors point at the help of the (sub)command they are about.
  const help = `see \`awsrole ${label ? `${label} ` : ''}--help\``;
  if (command && scan.unknownFlag !== undefined) {
    return unknownFlagError(scan.unknownFlag, command, label);
  }
  if (scan.unknownWord !== undefined && command === undefined) {
    const known = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    const [close] = closestNames(scan.unknownWord, known);
    return usageError(
      `unknown command "${scan.unknownWord}"`,
      close === undefined
        ? 'see `awsrole --help`'
        : `did you mean \`awsrole ${close}\`? See \`awsrole --help\``,
    );
  }
  const subs = command?.subcommands?.map((s) => s.name);
  if (scan.unknownWord !== undefined && subs) {
    return usageError(
      `unknown ${label} subcommand "${scan.unknownWord}"`,
      `choose one of ${subs.join(', ')}; ${help}`,
    );
  }
  if (command === undefined) return usageError('no command given', help);
  if (subs) return usageError(`no ${label} subcommand given`, help);
  if (command.positional?.required && scan.positionals.length === 0) {
    return usageError(
      `missing argument: ${usageLine(scan)}`,
      `see \`awsrole ${scan.typed.join(' ')} --help\``,
    );
  }
  const extra = scan.positionals.slice(command.positional ? 1 : 0);
  if (extra.length > 0) {
    const { positional, extraWordsHint } = command;
    return extraWordsHint && positional
      ? usageError(`${plural(extra)} after the ${positional.name}`, extraWordsHint)
      : usageError(plural(extra), help);
  }
  if (scan.badChoice !== undefined) {
    const { flag, value } = scan.badChoice;
    const choices = flagsAt(command)[flag]?.choices ?? [];
    return usageError(
      `invalid value ${JSON.stringify(value)} for --${flag}`,
      `choose one of ${choices.join(', ')}`,
    );
  }
  if (scan.missingValue !== undefined) {
    const flag = scan.missingValue;
    return usageError(`${flag.length === 1 ? '-' : '--'}${flag} needs a value`, help);
  }
  return undefined;
}

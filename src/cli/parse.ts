// Builds the yargs parser from the command table and returns the chosen command's runner.
import yargs from 'yargs';
import type { CommandResult, Io, Services } from '../commands/context.js';
import { closestNames } from '../config/closest-names.js';
import { usageError } from '../errors.js';
import { commandLine, type ParsedArgs } from './command-decl.js';
import { COMMANDS, findCommand } from './command-table.js';
import { GLOBAL_FLAGS, yargsFlags } from './flag-table.js';
import { firstUnknownFlag, unknownFlagError } from './unknown-flags.js';
import { yargsCommand } from './yargs-command.js';

/** What the command line asked for: a command to run, or nothing more (help/version shown). */
export interface Parsed {
  readonly args: ParsedArgs;
  readonly run?: (io: Io, services: Services) => Promise<CommandResult>;
}

function cliError(message: string, argv: readonly string[]) {
  const [first, word] = argv.filter((a) => !a.startsWith('-'));
  const command = findCommand(first);
  // A subcommand's flags are its own: `sso login --no-browser` is known to `sso login`.
  const sub = command?.subcommands?.find((s) => s.name === word);
  const flagsOf = sub ?? command;
  const unknown = flagsOf && firstUnknownFlag(argv, flagsOf);
  if (command && flagsOf && unknown !== undefined) {
    return unknownFlagError(unknown, flagsOf, sub ? `${command.name} ${sub.name}` : command.name);
  }
  const known = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  if (
    first !== undefined &&
    !known.includes(first) &&
    /Did you mean|Unknown argument/i.test(message)
  ) {
    const close = closestNames(first, known);
    const hint =
      close.length > 0
        ? `did you mean \`awsrole ${close[0]}\`? See \`awsrole --help\``
        : 'see `awsrole --help`';
    return usageError(`unknown command "${first}"`, hint);
  }
  const subs = command?.subcommands?.map((s) => s.name);
  if (
    subs &&
    word !== undefined &&
    !subs.includes(word) &&
    /Did you mean|Unknown argument/i.test(message)
  ) {
    return usageError(`unknown ${first} subcommand "${word}"`, `choose one of ${subs.join(', ')}`);
  }
  if (command && /^Not enough non-option arguments/.test(message)) {
    return usageError(
      `missing argument: awsrole ${commandLine(command)}`,
      `see \`awsrole ${first} --help\``,
    );
  }
  if (command?.name === 'exec' && /^Unknown arguments?: [^-]/.test(message)) {
    return usageError(
      `${message.split('\n')[0]?.toLowerCase()} after the role`,
      'put the command after --, as in `awsrole exec <role> -- aws s3 ls`',
    );
  }
  const choice = /^Invalid values:\s+Argument: ([\w-]+), Given: (.*), Choices: (.*)$/.exec(message);
  if (choice) {
    return usageError(
      `invalid value ${choice[2]} for --${choice[1]}`,
      `choose one of ${choice[3]?.replaceAll('"', '')}`,
    );
  }
  const flag = /^Not enough arguments following: (\S+)$/.exec(message)?.[1];
  if (flag !== undefined) {
    return usageError(
      `${flag.length === 1 ? '-' : '--'}${flag} needs a value`,
      'see `awsrole --help`',
    );
  }
  const line = message.split('\n')[0] ?? 'invalid command line';
  return usageError(line.charAt(0).toLowerCase() + line.slice(1), 'see `awsrole --help`');
}

/** The global flags, on every command. */
function globalOptions() {
  const flags = yargsFlags(GLOBAL_FLAGS);
  return Object.fromEntries(
    Object.entries(flags).map(([name, flag]) => [name, { ...flag, global: true }]),
  );
}

// Parses argv (without the part after `--`) and picks the command.
export async function parseCli(
  argv: readonly string[],
  rest: readonly string[],
  version: string,
  print: (text: string) => void,
): Promise<Parsed> {
  let chosen: Parsed['run'];
  const parser = yargs([...argv])
    .scriptName('awsrole')
    .usage(
      '$0 <command> [options]\n\nRun commands with temporary AWS role credentials; long-term keys stay in the OS keyring.',
    )
    .options(globalOptions())
    .strict()
    .recommendCommands()
    .demandCommand(1, 'no command given')
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .parserConfiguration({ 'unknown-options-as-args': false })
    .fail((message, error) => {
      // yargs reports some command-line mistakes (a flag without its value) as a YError.
      if (error && error.name !== 'YError') throw error;
      throw cliError(message ?? error?.message ?? '', argv);
    });
  for (const decl of COMMANDS) {
    parser.command(
      yargsCommand(decl, (args, picked) => {
        chosen = (io, services) => picked.run(args, rest, io, services);
      }),
    );
  }
  let helpText = '';
  const args = (await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
    helpText = output;
  })) as ParsedArgs;
  if (helpText) print(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
  return chosen ? { args, run: chosen } : { args };
}

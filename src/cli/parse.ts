// Builds the yargs parser from the command table and returns the chosen command's runner.
import yargs from 'yargs';
import type { CommandResult, Io, Services } from '../commands/context.js';
import { usageError } from '../errors.js';
import { scanArgv } from './argv-scan.js';
import type { ParsedArgs } from './command-decl.js';
import { COMMANDS, FIRST_STEPS } from './command-table.js';
import { GLOBAL_FLAGS, yargsFlags } from './flag-table.js';
import { commandLineError } from './usage-errors.js';
import { yargsCommand } from './yargs-command.js';

/** What the command line asked for: a command to run, or nothing more (help/version shown). */
export interface Parsed {
  readonly args: ParsedArgs;
  readonly run?: (io: Io, services: Services) => Promise<CommandResult>;
}

/**
 * awsrole's own message for a command line yargs refused, from the table
 * (src/cli/usage-errors.ts); yargs' own text only when the table sees no
 * mistake, passed on as it is.
 */
function cliError(message: string, argv: readonly string[]) {
  const known = commandLineError(scanArgv(argv));
  if (known) return known;
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
    .example(FIRST_STEPS.map(([example, meaning]) => [example, meaning]))
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

// Turns a command declaration into a yargs command module (help text and full parsing).
import type { CommandModule } from 'yargs';
import { type CommandDecl, commandLine, type ParsedArgs } from './command-decl.js';
import { yargsFlags } from './flag-table.js';

// The yargs command for a declaration; `chosen` receives the parsed args and the declaration run.
export function yargsCommand(
  decl: CommandDecl,
  chosen: (args: ParsedArgs, run: CommandDecl) => void,
): CommandModule {
  return {
    command: commandLine(decl),
    aliases: [...(decl.aliases ?? [])],
    // A hidden command (false) is left out of help.
    describe: decl.hidden ? false : decl.describe,
    builder: (yargs) => {
      let built = decl.usage ? yargs.usage(`${decl.usage}\n\n${decl.describe}`) : yargs;
      if (decl.positional) {
        built = built.positional(decl.positional.name, {
          type: 'string',
          describe: decl.positional.describe,
        });
      }
      built = built.options(yargsFlags(decl.flags));
      for (const [example, meaning] of decl.examples ?? []) built = built.example(example, meaning);
      for (const sub of decl.subcommands ?? []) built = built.command(yargsCommand(sub, chosen));
      if (decl.subcommands) built = built.demandCommand(1, `no ${decl.name} subcommand given`);
      return built;
    },
    handler: (args) => chosen(args as ParsedArgs, decl),
  };
}

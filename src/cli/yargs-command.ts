// Turns a command declaration into a yargs command module (help text and full parsing).
import type { CommandModule } from 'yargs';
import { type CommandDecl, commandLine, type ParsedArgs } from './command-decl.js';
import { yargsFlags } from './flag-table.js';

// The yargs command for a declaration; `chosen` receives the parsed args when it is the one run.
export function yargsCommand(decl: CommandDecl, chosen: (args: ParsedArgs) => void): CommandModule {
  return {
    command: commandLine(decl),
    aliases: [...(decl.aliases ?? [])],
    describe: decl.describe,
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
      return built;
    },
    handler: (args) => chosen(args as ParsedArgs),
  };
}

// CLI wiring for `awsrole remove`.
import { removeCommand } from '../commands/remove.js';
import type { CommandSpec } from './command-spec.js';

export const removeSpec: CommandSpec = {
  command: 'remove <profile>',
  aliases: ['rm'],
  describe: "Delete a profile's stored keys",
  builder: (yargs) =>
    yargs
      .positional('profile', { type: 'string', describe: 'Profile whose keys to delete' })
      .option('force', {
        alias: 'f',
        type: 'boolean',
        default: false,
        describe: 'Do not ask for confirmation',
      }),
  run: (args, _rest, io, services) =>
    removeCommand({ profile: String(args.profile), force: args.force === true }, io, services),
};

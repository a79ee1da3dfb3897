// Declares `awsrole remove <profile>` (alias rm).
import type { CommandDecl } from '../command-decl.js';
import { switchFlag } from '../flag-table.js';

export const removeDecl: CommandDecl = {
  name: 'remove',
  aliases: ['rm'],
  describe: "Delete a profile's stored keys",
  positional: {
    name: 'profile',
    describe: 'Profile whose keys to delete',
    required: true,
    values: 'profiles',
  },
  flags: {
    force: switchFlag('Do not ask for confirmation', 'f'),
  },
  run: async (args, _rest, io, services) => {
    const { removeCommand } = await import('../../commands/remove.js');
    return removeCommand(
      { profile: String(args.profile), force: args.force === true },
      io,
      services,
    );
  },
};

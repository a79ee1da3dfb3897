// Declares `awsrole clear [profile]`.
import { type CommandDecl, optionalString } from '../command-decl.js';

export const clearDecl: CommandDecl = {
  name: 'clear',
  describe: "Remove cached sessions (all, or one profile's)",
  positional: {
    name: 'profile',
    describe: 'Profile or role whose sessions to remove',
    required: false,
    values: 'profiles',
  },
  flags: {},
  run: async (args, _rest, io, services) => {
    const { clearCommand } = await import('../../commands/clear.js');
    return clearCommand({ profile: optionalString(args, 'profile') }, io, services);
  },
};

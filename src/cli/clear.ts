// CLI wiring for `awsrole clear`.
import { clearCommand } from '../commands/clear.js';
import { type CommandSpec, optionalString } from './command-spec.js';

export const clearSpec: CommandSpec = {
  command: 'clear [profile]',
  describe: "Remove cached sessions (all, or one profile's)",
  builder: (yargs) =>
    yargs.positional('profile', {
      type: 'string',
      describe: 'Profile or role whose sessions to remove',
    }),
  run: (args, _rest, io, services) =>
    clearCommand({ profile: optionalString(args, 'profile') }, io, services),
};

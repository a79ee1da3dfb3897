// Declares `awsrole login <role>`.
import { type CommandDecl, optionalString } from '../command-decl.js';
import { ROLE_FLAGS, ROLE_POSITIONAL, switchFlag } from '../flag-table.js';
import { sessionOptions, targetOptions } from '../target-flags.js';

export const loginDecl: CommandDecl = {
  name: 'login',
  describe: 'Open the AWS console signed in as the role (--stdout prints the URL)',
  positional: ROLE_POSITIONAL,
  flags: {
    ...ROLE_FLAGS,
    destination: {
      type: 'string',
      describe: 'Console page to open: a path such as /s3/home or a full console URL',
    },
    stdout: switchFlag('Print the sign-in URL instead of opening a browser'),
  },
  run: async (args, _rest, io, services) => {
    const { loginCommand } = await import('../../commands/login.js');
    return loginCommand(
      {
        role: String(args.role),
        destination: optionalString(args, 'destination'),
        stdout: args.stdout === true,
        ...targetOptions(args),
        ...sessionOptions(args),
      },
      io,
      services,
    );
  },
};

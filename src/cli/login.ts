// CLI wiring for `awsrole login`.
import { loginCommand } from '../commands/login.js';
import { type CommandSpec, optionalString } from './command-spec.js';
import { sessionFlags, sessionOptions, targetFlags, targetOptions } from './target-flags.js';

export const loginSpec: CommandSpec = {
  command: 'login <role>',
  describe: 'Open the AWS console signed in as the role (--stdout prints the URL)',
  builder: (yargs) =>
    sessionFlags(
      targetFlags(
        yargs.positional('role', { type: 'string', describe: 'Profile, role ARN or role name' }),
      ),
    )
      .option('destination', {
        type: 'string',
        describe: 'Console page to open: a path such as /s3/home or a full console URL',
      })
      .option('stdout', {
        type: 'boolean',
        default: false,
        describe: 'Print the sign-in URL instead of opening a browser',
      }),
  run: (args, _rest, io, services) =>
    loginCommand(
      {
        role: String(args.role),
        destination: optionalString(args, 'destination'),
        stdout: args.stdout === true,
        ...targetOptions(args),
        ...sessionOptions(args),
      },
      io,
      services,
    ),
};

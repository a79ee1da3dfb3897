// CLI wiring for `awsrole export`.

import { exportCommand } from '../commands/export.js';
import { type CommandSpec, optionalString } from './command-spec.js';
import { EXPORT_FLAGS, yargsFlags } from './flag-table.js';
import { sessionFlags, sessionOptions, targetFlags, targetOptions } from './target-flags.js';

export const exportSpec: CommandSpec = {
  command: 'export <role>',
  describe:
    "Print the role's temporary credentials (shell exports, .env, fish, PowerShell, credential_process JSON)",
  builder: (yargs) =>
    sessionFlags(
      targetFlags(
        yargs.positional('role', { type: 'string', describe: 'Profile, role ARN or role name' }),
      ),
    )
      .options(
        yargsFlags({
          format: EXPORT_FLAGS.format,
          'allow-long-term': EXPORT_FLAGS['allow-long-term'],
        }),
      )
      .example(
        'eval "$($0 export S3_Full_Access)"',
        'Load the role into the current bash/zsh shell',
      )
      .example(
        'credential_process = awsrole export --format credential-process S3_Full_Access',
        'In ~/.aws/config',
      ),
  run: (args, _rest, io, services) =>
    exportCommand(
      {
        role: String(args.role),
        format: optionalString(args, 'format') ?? 'env',
        allowLongTerm: args['allow-long-term'] === true,
        ...targetOptions(args),
        ...sessionOptions(args),
      },
      io,
      services,
    ),
};

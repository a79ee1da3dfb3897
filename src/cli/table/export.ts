// Declares `awsrole export <role>`.
import { EXPORT_FORMATS } from '../../commands/export-formats.js';
import { type CommandDecl, optionalString } from '../command-decl.js';
import { ROLE_FLAGS, ROLE_POSITIONAL, switchFlag } from '../flag-table.js';
import { sessionOptions, targetOptions } from '../target-flags.js';

export const exportDecl: CommandDecl = {
  name: 'export',
  describe:
    "Print the role's temporary credentials (shell exports, .env, fish, PowerShell, credential_process JSON)",
  positional: ROLE_POSITIONAL,
  flags: {
    ...ROLE_FLAGS,
    format: {
      type: 'string',
      alias: 'f',
      default: 'env',
      values: EXPORT_FORMATS,
      describe: `Output format: ${EXPORT_FORMATS.join(', ')}`,
    },
    'allow-long-term': switchFlag(
      'For a profile without a role: print its stored long-term keys instead of a session',
    ),
  },
  examples: [
    ['eval "$($0 export S3_Full_Access)"', 'Load the role into the current bash/zsh shell'],
    [
      'credential_process = awsrole export --format credential-process S3_Full_Access',
      'In ~/.aws/config',
    ],
  ],
  // credential_process runs it for every SDK client: it gets the yargs-free path, like exec.
  fast: 'command',
  run: async (args, _rest, io, services) => {
    const { exportCommand } = await import('../../commands/export.js');
    return exportCommand(
      {
        role: String(args.role),
        format: optionalString(args, 'format') ?? 'env',
        allowLongTerm: args['allow-long-term'] === true,
        ...targetOptions(args),
        ...sessionOptions(args),
      },
      io,
      services,
    );
  },
};

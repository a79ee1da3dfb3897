// Declares `awsrole exec <role> [-- command...]`.
import { usageError } from '../../errors.js';
import type { CommandDecl } from '../command-decl.js';
import { ROLE_FLAGS, ROLE_POSITIONAL } from '../flag-table.js';
import { sessionOptions, targetOptions } from '../target-flags.js';

export const execDecl: CommandDecl = {
  name: 'exec',
  describe: "Run a command (after --) or a subshell with the role's temporary credentials",
  positional: ROLE_POSITIONAL,
  usage: '$0 exec <role> [options] [-- <cmd> [args...]]',
  flags: {
    ...ROLE_FLAGS,
    server: {
      type: 'boolean',
      alias: 'ecs-server',
      describe:
        'Serve credentials to the child from a local endpoint that renews them (env AWSROLE_SERVER=1)',
    },
  },
  examples: [
    [
      '$0 exec S3_Full_Access -- aws s3 cp testfile.txt s3://a.demo.bucket',
      "Copy a file with the role's permissions",
    ],
  ],
  fast: 'command',
  extraWordsHint: 'put the command after --, as in `awsrole exec <role> -- aws s3 ls`',
  run: async (args, rest, io, services) => {
    const extra = args._.slice(1);
    if (extra.length > 0) {
      throw usageError(
        `unexpected "${extra.join(' ')}" after the role`,
        `put the command after --: awsrole exec ${String(args.role)} -- ${extra.join(' ')}`,
      );
    }
    const { execCommand } = await import('../../commands/exec.js');
    const server =
      typeof args.server === 'boolean'
        ? args.server
        : ['1', 'true'].includes(io.env.AWSROLE_SERVER ?? '');
    return execCommand(
      {
        role: String(args.role),
        command: rest,
        server,
        ...targetOptions(args),
        ...sessionOptions(args),
      },
      io,
      services,
    );
  },
};

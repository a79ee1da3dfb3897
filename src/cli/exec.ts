// CLI wiring for `awsrole exec`.
import { execCommand } from '../commands/exec.js';
import { usageError } from '../errors.js';
import type { CommandSpec } from './command-spec.js';
import { EXEC_FLAGS, yargsFlags } from './flag-table.js';
import { sessionOptions, targetOptions } from './target-flags.js';

export const execSpec: CommandSpec = {
  command: 'exec <role>',
  describe: "Run a command (after --) or a subshell with the role's temporary credentials",
  builder: (yargs) =>
    yargs
      .positional('role', { type: 'string', describe: 'Profile, role ARN or role name' })
      .options(yargsFlags(EXEC_FLAGS))
      .example(
        '$0 exec S3_Full_Access -- aws s3 cp testfile.txt s3://a.demo.bucket',
        "Copy a file with the role's permissions",
      ),
  run: (args, rest, io, services) => {
    const extra = args._.slice(1);
    if (extra.length > 0) {
      throw usageError(
        `unexpected "${extra.join(' ')}" after the role`,
        `put the command after --: awsrole exec ${String(args.role)} -- ${extra.join(' ')}`,
      );
    }
    return execCommand(
      {
        role: String(args.role),
        command: rest,
        server:
          typeof args.server === 'boolean'
            ? args.server
            : ['1', 'true'].includes(io.env.AWSROLE_SERVER ?? ''),
        ...targetOptions(args),
        ...sessionOptions(args),
      },
      io,
      services,
    );
  },
};

// CLI wiring for `awsrole add`.
import { addCommand } from '../commands/add.js';
import { type CommandSpec, optionalString } from './command-spec.js';

export const addSpec: CommandSpec = {
  command: 'add <profile>',
  describe: 'Store long-term keys for a profile (prompted, --env, or two lines on stdin)',
  builder: (yargs) =>
    yargs
      .positional('profile', { type: 'string', describe: 'Profile name the keys belong to' })
      .option('env', {
        type: 'boolean',
        default: false,
        describe: 'Take AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment',
      })
      .option('verify', {
        type: 'boolean',
        default: true,
        describe: 'Check the keys with STS GetCallerIdentity first (--no-verify skips)',
      })
      .option('region', { type: 'string', describe: 'Region for the verification call' }),
  run: (args, _rest, io, services) =>
    addCommand(
      {
        profile: String(args.profile),
        fromEnv: args.env === true,
        verify: args.verify !== false,
        region: optionalString(args, 'region'),
      },
      io,
      services,
    ),
};

// Declares `awsrole add <profile>`.
import { type CommandDecl, optionalString } from '../command-decl.js';
import { switchFlag } from '../flag-table.js';

export const addDecl: CommandDecl = {
  name: 'add',
  describe:
    'Store long-term keys for a profile (prompted, --env, two lines on stdin, or --from-credentials-file)',
  positional: {
    name: 'profile',
    describe: 'Profile name the keys belong to',
    required: true,
    values: 'profiles',
  },
  flags: {
    env: switchFlag('Take AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment'),
    verify: {
      type: 'boolean',
      default: true,
      describe: 'Check the keys with STS GetCallerIdentity first (--no-verify skips)',
    },
    region: { type: 'string', describe: 'Region for the verification call' },
    'from-credentials-file': switchFlag(
      "Import the profile's plaintext keys from ~/.aws/credentials, then offer to remove them there",
    ),
    yes: switchFlag('With --from-credentials-file: remove them from the file without asking', 'y'),
  },
  run: async (args, _rest, io, services) => {
    const { addCommand } = await import('../../commands/add.js');
    const options = {
      profile: String(args.profile),
      fromEnv: args.env === true,
      verify: args.verify !== false,
      region: optionalString(args, 'region'),
      fromCredentialsFile: args['from-credentials-file'] === true,
      yes: args.yes === true,
    };
    return addCommand(options, io, services);
  },
};

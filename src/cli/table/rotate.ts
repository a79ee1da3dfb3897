// Declares `awsrole rotate <profile>`.
import { type CommandDecl, optionalString } from '../command-decl.js';
import { PROMPT_FLAG, switchFlag } from '../flag-table.js';

export const rotateDecl: CommandDecl = {
  name: 'rotate',
  describe:
    "Replace a profile's IAM access key with a new one (create, check, store, delete the old)",
  positional: {
    name: 'profile',
    describe: 'Profile whose stored keys to rotate',
    required: true,
    values: 'profiles',
  },
  flags: {
    yes: switchFlag('Do not ask for confirmation (required without a terminal)', 'y'),
    'mfa-token': {
      type: 'string',
      describe:
        'Current MFA code when the profile has an mfa_serial (default: mfa_process, else a prompt)',
    },
    prompt: PROMPT_FLAG,
  },
  examples: [['$0 rotate default', 'Rotate the keys stored for the default profile']],
  run: async (args, _rest, io, services) => {
    const { rotateCommand } = await import('../../commands/rotate.js');
    const options = {
      profile: String(args.profile),
      yes: args.yes === true,
      mfaToken: optionalString(args, 'mfa-token'),
      prompt: optionalString(args, 'prompt'),
    };
    return rotateCommand(options, io, services);
  },
};

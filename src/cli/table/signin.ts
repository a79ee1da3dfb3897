// Declares `awsrole signin|signout [profile]`: aws login sessions (console identity, no long-term keys).
import { type CommandDecl, optionalString } from '../command-decl.js';
import { switchFlag } from '../flag-table.js';

const PROFILE = {
  name: 'profile',
  describe:
    'A profile with login_session (default: "default"); a new name is written to the config',
  required: false,
  values: 'profiles',
} as const;

export const signinDecl: CommandDecl = {
  name: 'signin',
  describe:
    'Sign in with your console identity (aws login): browser with PKCE; --remote for a machine without one',
  positional: PROFILE,
  flags: {
    remote: switchFlag('Sign in on another device and paste the code it shows'),
    region: {
      type: 'string',
      describe: 'Region of a new profile (default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1)',
    },
  },
  examples: [
    ['$0 signin dev', 'sign in for profile "dev" (writes it to ~/.aws/config when new)'],
    ['$0 signin dev --remote', 'sign in from a machine without a browser'],
  ],
  run: async (args, _rest, io, services) => {
    const { signinCommand } = await import('../../commands/signin.js');
    return signinCommand(
      {
        profile: optionalString(args, 'profile'),
        remote: args.remote === true,
        region: optionalString(args, 'region'),
      },
      io,
      services,
    );
  },
};

export const signoutDecl: CommandDecl = {
  name: 'signout',
  describe: 'Sign out of an aws login session: remove its tokens and the sessions cached from it',
  positional: PROFILE,
  flags: {},
  run: async (args, _rest, io, services) => {
    const { signoutCommand } = await import('../../commands/signout.js');
    return signoutCommand({ profile: optionalString(args, 'profile') }, io, services);
  },
};

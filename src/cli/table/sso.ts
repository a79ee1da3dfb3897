// Declares `awsrole sso login|logout|roles`: IAM Identity Center sign-in and what it reaches.
import { type CommandDecl, optionalString, type ParsedArgs } from '../command-decl.js';
import { JSON_FLAG, switchFlag } from '../flag-table.js';

const PROFILE = {
  name: 'profile',
  describe: 'An SSO profile (sso_session or sso_start_url), or a role profile over one',
  required: false,
  values: 'profiles',
} as const;

const SESSION_FLAG = {
  'sso-session': {
    type: 'string',
    describe: "The [sso-session NAME] to use instead of a profile's",
  },
} as const;

function choice(args: ParsedArgs) {
  return {
    profile: optionalString(args, 'profile'),
    ssoSession: optionalString(args, 'sso-session'),
  };
}

const loginDecl: CommandDecl = {
  name: 'login',
  describe:
    'Sign in to IAM Identity Center (browser with PKCE; --use-device-code for headless machines)',
  positional: PROFILE,
  flags: {
    ...SESSION_FLAG,
    'use-device-code': switchFlag('Sign in with a code confirmed on another device'),
    browser: {
      type: 'boolean',
      default: true,
      describe: 'Open a browser (--no-browser prints the sign-in URL instead)',
    },
  },
  run: async (args, _rest, io, services) => {
    const { ssoLoginCommand } = await import('../../commands/sso-login.js');
    const { signInTimeoutMs } = await import('../../sso/sign-in.js');
    return ssoLoginCommand(
      {
        ...choice(args),
        useDeviceCode: args['use-device-code'] === true,
        browser: args.browser !== false,
        timeoutMs: signInTimeoutMs(io.env),
      },
      io,
      services,
    );
  },
};

const logoutDecl: CommandDecl = {
  name: 'logout',
  describe: 'Sign out: revoke and delete the SSO token and the role sessions obtained with it',
  positional: PROFILE,
  flags: SESSION_FLAG,
  run: async (args, _rest, io, services) => {
    const { ssoLogoutCommand } = await import('../../commands/sso-logout.js');
    return ssoLogoutCommand(choice(args), io, services);
  },
};

const rolesDecl: CommandDecl = {
  name: 'roles',
  describe: 'List the accounts and roles the SSO token reaches',
  positional: PROFILE,
  flags: {
    ...SESSION_FLAG,
    json: JSON_FLAG,
    profiles: switchFlag('Print ready-to-paste [profile ...] sections for ~/.aws/config'),
  },
  run: async (args, _rest, io, services) => {
    const { ssoRolesCommand } = await import('../../commands/sso-roles.js');
    return ssoRolesCommand(
      { ...choice(args), json: args.json === true, profiles: args.profiles === true },
      io,
      services,
    );
  },
};

export const ssoDecl: CommandDecl = {
  name: 'sso',
  describe:
    'IAM Identity Center: sign in (login), sign out (logout), list accounts and roles (roles)',
  flags: {},
  subcommands: [loginDecl, logoutDecl, rolesDecl],
  examples: [
    ['$0 sso login dev', 'sign in for the SSO profile "dev" (opens a browser)'],
    ['$0 sso login --sso-session corp --use-device-code', 'sign in on a machine without a browser'],
    ['$0 sso roles --profiles >> ~/.aws/config', 'add a profile for every role you can use'],
  ],
  run: async () => {
    throw new Error('unreachable: `sso` runs through a subcommand');
  },
};

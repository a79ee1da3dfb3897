// What completion knows of the command line: subcommands, what their positionals and flags take.
// test/unit/cli/complete/command-table.test.ts fails when this and the yargs definitions disagree.

import { EXPORT_FORMATS } from '../../commands/export-formats.js';
import { SHELLS } from '../../completion/shells.js';
import { EXEC_FLAGS, type FlagSpec, SESSION_FLAGS, TARGET_FLAGS } from '../flag-table.js';

/** What a positional or a flag's value completes to. */
export type ValueKind =
  | 'profile'
  | 'duration'
  | 'session-duration'
  | 'min-ttl'
  | 'format'
  | 'backend'
  | 'shell';

/** One subcommand as completion sees it. */
export interface CompletionCommand {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly describe: string;
  /** What each positional completes to, in order; undefined is free text. */
  readonly positionals: readonly (ValueKind | undefined)[];
  readonly flags: Readonly<Record<string, FlagSpec>>;
}

/** Flags whose values complete to something; every other string flag takes free text. */
export const FLAG_VALUES: Readonly<Record<string, ValueKind>> = {
  duration: 'duration',
  'session-duration': 'session-duration',
  'min-ttl': 'min-ttl',
  source: 'profile',
  format: 'format',
  backend: 'backend',
};

/** The fixed suggestions; profile names come from the AWS config. */
export const FIXED_VALUES: Readonly<Record<Exclude<ValueKind, 'profile'>, readonly string[]>> = {
  duration: ['15m', '30m', '1h', '2h', '4h', '8h', '12h'],
  'session-duration': ['1h', '4h', '8h', '12h', '24h', '36h'],
  'min-ttl': ['5m', '15m', '30m', '1h'],
  format: EXPORT_FORMATS,
  backend: ['keyring', 'file'],
  shell: SHELLS,
};

const ROLE_FLAGS = { ...TARGET_FLAGS, ...SESSION_FLAGS };
const JSON_FLAG: FlagSpec = { type: 'boolean', default: false, describe: 'Print JSON for scripts' };

/** Help and version, which yargs adds itself (version only at the top level here). */
export const HELP_FLAG: FlagSpec = { type: 'boolean', alias: 'h', describe: 'Show help' };
export const VERSION_FLAG: FlagSpec = { type: 'boolean', describe: 'Show version number' };

export const COMPLETION_COMMANDS: readonly CompletionCommand[] = [
  {
    name: 'exec',
    aliases: [],
    describe: "Run a command (after --) or a subshell with the role's temporary credentials",
    positionals: ['profile'],
    flags: EXEC_FLAGS,
  },
  {
    name: 'export',
    aliases: [],
    describe:
      "Print the role's temporary credentials (shell exports, .env, fish, PowerShell, credential_process JSON)",
    positionals: ['profile'],
    flags: {
      ...ROLE_FLAGS,
      format: {
        type: 'string',
        alias: 'f',
        default: 'env',
        describe: `Output format: ${EXPORT_FORMATS.join(', ')}`,
      },
      'allow-long-term': {
        type: 'boolean',
        default: false,
        describe:
          'For a profile without a role: print its stored long-term keys instead of a session',
      },
    },
  },
  {
    name: 'login',
    aliases: [],
    describe: 'Open the AWS console signed in as the role (--stdout prints the URL)',
    positionals: ['profile'],
    flags: {
      ...ROLE_FLAGS,
      destination: {
        type: 'string',
        describe: 'Console page to open: a path such as /s3/home or a full console URL',
      },
      stdout: {
        type: 'boolean',
        default: false,
        describe: 'Print the sign-in URL instead of opening a browser',
      },
    },
  },
  {
    name: 'whoami',
    aliases: [],
    describe: 'Show the role and time left of the current awsrole session (--verify asks STS)',
    positionals: [],
    flags: {
      verify: {
        type: 'boolean',
        default: false,
        describe: 'Ask STS GetCallerIdentity (a network call)',
      },
      json: JSON_FLAG,
    },
  },
  {
    name: 'add',
    aliases: [],
    describe: 'Store long-term keys for a profile (prompted, --env, or two lines on stdin)',
    positionals: ['profile'],
    flags: {
      env: {
        type: 'boolean',
        default: false,
        describe: 'Take AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment',
      },
      verify: {
        type: 'boolean',
        default: true,
        describe: 'Check the keys with STS GetCallerIdentity first (--no-verify skips)',
      },
      region: { type: 'string', describe: 'Region for the verification call' },
    },
  },
  {
    name: 'remove',
    aliases: ['rm'],
    describe: "Delete a profile's stored keys",
    positionals: ['profile'],
    flags: {
      force: {
        type: 'boolean',
        alias: 'f',
        default: false,
        describe: 'Do not ask for confirmation',
      },
    },
  },
  {
    name: 'list',
    aliases: ['ls'],
    describe: 'List profiles, which have stored keys, and the role each assumes',
    positionals: [],
    flags: { json: JSON_FLAG },
  },
  {
    name: 'clear',
    aliases: [],
    describe: "Remove cached sessions (all, or one profile's)",
    positionals: ['profile'],
    flags: {},
  },
  {
    name: 'completion',
    aliases: [],
    describe: 'Print the completion script for bash, zsh or fish',
    positionals: ['shell'],
    flags: {},
  },
  {
    name: 'prompt',
    aliases: [],
    describe: 'Print "role (42m)" for shell prompts inside an awsrole session; nothing outside one',
    positionals: [],
    flags: {},
  },
];

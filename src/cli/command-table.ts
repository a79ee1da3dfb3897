// Every awsrole command, in --help order: the one table that yargs, the scanner (fast paths, usage
// errors, completion) and the build read.
import type { CommandDecl } from './command-decl.js';
import { addDecl } from './table/add.js';
import { clearDecl } from './table/clear.js';
import { completeDecl } from './table/complete.js';
import { completionDecl } from './table/completion.js';
import { doctorDecl } from './table/doctor.js';
import { execDecl } from './table/exec.js';
import { exportDecl } from './table/export.js';
import { historyDecl } from './table/history.js';
import { listDecl } from './table/list.js';
import { loginDecl } from './table/login.js';
import { promptDecl } from './table/prompt.js';
import { removeDecl } from './table/remove.js';
import { rotateDecl } from './table/rotate.js';
import { signinDecl, signoutDecl } from './table/signin.js';
import { ssoDecl } from './table/sso.js';
import { whoamiDecl } from './table/whoami.js';

export const COMMANDS: readonly CommandDecl[] = [
  execDecl,
  exportDecl,
  loginDecl,
  whoamiDecl,
  addDecl,
  removeDecl,
  rotateDecl,
  listDecl,
  clearDecl,
  historyDecl,
  doctorDecl,
  ssoDecl,
  signinDecl,
  signoutDecl,
  completionDecl,
  promptDecl,
  completeDecl,
];

/** The examples of the top-level --help: the first run of a new user. */
export const FIRST_STEPS: readonly (readonly [string, string])[] = [
  ['$0 add default', 'Store the keys of the default profile (prompted; not echoed)'],
  [
    '$0 add default --from-credentials-file',
    'Or import them from ~/.aws/credentials, then remove them there',
  ],
  [
    '$0 exec <role> -- <cmd> [args...]',
    'Run a command with a role: `awsrole exec S3_Full_Access -- aws s3 ls`',
  ],
];

// The command a word names (by name or alias), if any.
export function findCommand(word: string | undefined): CommandDecl | undefined {
  return COMMANDS.find((c) => c.name === word || (c.aliases ?? []).includes(word ?? ''));
}

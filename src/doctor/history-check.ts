// Doctor check of the history file: private to the user (0600 in a 0700 directory), as awsrole creates it.
import { existsSync, statSync } from 'node:fs';
import { historyDir, historyEnabled, historyPath } from '../history/history-file.js';
import { type CheckResult, fail, ok } from './check.js';

/**
 * The history names every role, account and program used, and when: not a
 * secret, but nobody else's business, and a writable file lets others forge
 * what it says. Each of the directory, the file and its rotated copy is checked.
 */
export function historyCheck(env: NodeJS.ProcessEnv, uid: number | undefined): CheckResult {
  if (!historyEnabled(env)) return ok('history', 'not recorded (AWSROLE_HISTORY=off or no HOME)');
  const dir = historyDir(env);
  const file = historyPath(env);
  for (const [path, want] of [
    [dir, 0o700],
    [file, 0o600],
    [`${file}.1`, 0o600],
  ] as const) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    const mode = stat.mode & 0o777;
    if (uid !== undefined && stat.uid !== uid) {
      return fail(
        'history',
        `${path} belongs to uid ${stat.uid}, not to you (uid ${uid})`,
        'move it aside, or set XDG_STATE_HOME to a directory of your own',
      );
    }
    if ((mode & 0o077) !== 0) {
      return fail(
        'history',
        `${path} is ${mode.toString(8).padStart(4, '0')}: others can read or change your history`,
        `chmod ${want.toString(8)} ${path}`,
      );
    }
  }
  return existsSync(file)
    ? ok('history', `${file} is 0600 in a 0700 directory, and yours`)
    : ok('history', `no history yet (it will be ${file}, 0600)`);
}

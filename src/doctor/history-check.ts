// Doctor check of the history file: private to the user (0600 in a 0700 directory), as awsrole creates it.
import { existsSync } from 'node:fs';
import { historyDir, historyEnabled, historyPath } from '../history/history-file.js';
import { type CheckResult, ok, placeFailure, privacyFailure } from './check.js';

/**
 * The history names every role, account and program used, and when: not a
 * secret, but nobody else's business, and a writable file lets others forge
 * what it says. Each of the directory, the file and its rotated copy is checked.
 */
export function historyCheck(env: NodeJS.ProcessEnv, uid: number | undefined): CheckResult {
  if (!historyEnabled(env)) return ok('history', 'not recorded (AWSROLE_HISTORY=off or no HOME)');
  const dir = historyDir(env);
  const file = historyPath(env);
  const blocked = placeFailure('history', dir, 'XDG_STATE_HOME');
  if (blocked) return blocked;
  for (const [path, want] of [
    [dir, 0o700],
    [file, 0o600],
    [`${file}.1`, 0o600],
  ] as const) {
    if (!existsSync(path)) continue;
    const failure = privacyFailure('history', path, uid, {
      notYours: 'move it aside, or set XDG_STATE_HOME to a directory of your own',
      exposed: 'others can read or change your history',
      mode: want,
    });
    if (failure) return failure;
  }
  return existsSync(file)
    ? ok('history', `${file} is 0600 in a 0700 directory, and yours`)
    : ok('history', `no history yet (it will be ${file}, 0600)`);
}

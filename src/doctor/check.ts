// A doctor check's result, how a list of them is shown, running one without letting it crash the rest,
// and the test that a file or directory is private to the user.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AwsroleError, maskKeyIds, printable } from '../errors.js';

/** ok ✓, warn ! (does not fail doctor), fail ✗. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of `awsrole doctor`. */
export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  readonly message: string;
  /** The next step, for warnings and failures. */
  readonly fix?: string | undefined;
}

const MARK: Readonly<Record<CheckStatus, string>> = { ok: '✓', warn: '!', fail: '✗' };

// Shorthands for results.
export const ok = (check: string, message: string): CheckResult => ({
  check,
  status: 'ok',
  message,
});
export const warn = (check: string, message: string, fix?: string): CheckResult => ({
  check,
  status: 'warn',
  message,
  fix,
});
export const fail = (check: string, message: string, fix?: string): CheckResult => ({
  check,
  status: 'fail',
  message,
  fix,
});

// One result as a line: mark, check name, message, and the fix after an arrow.
export function checkLine(result: CheckResult): string {
  const fix = result.fix ? ` → ${result.fix}` : '';
  return `${MARK[result.status]} ${result.check}: ${result.message}${fix}`;
}

// Runs a check; anything it throws becomes a failure naming the error (key ids masked).
export async function runCheck(
  check: string,
  body: () => Promise<CheckResult[]>,
): Promise<CheckResult[]> {
  try {
    return await body();
  } catch (error) {
    // The error's next step goes after the arrow, like every other check's fix.
    if (error instanceof AwsroleError) {
      return [
        fail(check, printable(maskKeyIds(error.message)), error.hint && printable(error.hint)),
      ];
    }
    return [fail(check, maskKeyIds(error instanceof Error ? error.message : String(error)))];
  }
}

/** What to say when a path is not private: the next step when it is not the user's, what others could do, its mode. */
export interface PrivacyAdvice {
  readonly notYours: string;
  readonly exposed: string;
  readonly mode: number;
}

// A failure when an existing path belongs to another uid or others can reach it; undefined when it is private.
export function privacyFailure(
  check: string,
  path: string,
  uid: number | undefined,
  advice: PrivacyAdvice,
): CheckResult | undefined {
  const stat = statSync(path);
  const mode = stat.mode & 0o777;
  if (uid !== undefined && stat.uid !== uid) {
    return fail(
      check,
      `${path} belongs to uid ${stat.uid}, not to you (uid ${uid})`,
      advice.notYours,
    );
  }
  if ((mode & 0o077) !== 0) {
    return fail(
      check,
      `${path} is ${mode.toString(8).padStart(4, '0')}: ${advice.exposed}`,
      `chmod ${advice.mode.toString(8)} ${path}`,
    );
  }
  return undefined;
}

/**
 * A directory awsrole creates on first use can be blocked long before: a part
 * of its path is a regular file, or the first part that exists is read-only.
 * Creating it would fail on every run (the history would silently stay empty).
 */
// A failure when `dir` cannot be used or created (the fix names `setting`, which moves it); undefined when it can.
export function placeFailure(check: string, dir: string, setting: string): CheckResult | undefined {
  const fix = `move what is in the way aside, or set ${setting} to a directory of your own`;
  for (let at = dir; ; at = dirname(at)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(at).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(at) !== at) continue;
      return fail(check, `${at} cannot be used: ${code}`, fix);
    }
    const verb = at === dir ? 'used' : 'created';
    if (!isDirectory)
      return fail(check, `${at} is not a directory, so ${dir} cannot be ${verb}`, fix);
    try {
      accessSync(at, constants.W_OK | constants.X_OK);
    } catch {
      return fail(check, `${at} is not writable, so ${dir} cannot be ${verb}`, fix);
    }
    return undefined;
  }
}

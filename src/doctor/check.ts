// A doctor check's result, how a list of them is shown, and running one without letting it crash the rest.
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

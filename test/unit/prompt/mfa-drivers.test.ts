import { describe, expect, it } from 'vitest';
import { AwsroleError } from '../../../src/errors.js';
import {
  askDriver,
  type DriverDeps,
  type HelperOutcome,
  type HelperRun,
  type RunHelper,
} from '../../../src/prompt/mfa-drivers.js';
import { failure as awsroleError } from '../../support/awsrole-error.js';

const REQUEST = {
  serialNumber: 'arn:aws:iam::123456789012:mfa/alice',
  reason: 'credentials for "S3_Full_Access" expire',
};

function done(stdout: string): HelperOutcome {
  return { ok: true, exitCode: 0, stdout, stderr: '' };
}
function failed(exitCode: number, stderr = ''): HelperOutcome {
  return { ok: false, exitCode, stdout: '', stderr, failure: `exit ${exitCode}` };
}

/** A helper runner that records each argv and answers from the list in turn. */
function scripted(...answers: (HelperOutcome | ((options: HelperRun) => HelperOutcome))[]) {
  const calls: string[][] = [];
  const run: RunHelper = async (argv, options) => {
    calls.push([...argv]);
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return typeof next === 'function' ? next(options) : next;
  };
  const notices: string[] = [];
  const deps = (settings = {}): DriverDeps => ({
    run,
    prompter: () => undefined,
    notice: (line) => notices.push(line),
    settings,
    otpTimeoutMs: 60_000,
  });
  return { calls, notices, deps };
}

describe('dialog drivers', () => {
  it('zenity: an entry dialog naming the profile, the device and why; the code comes back checked', async () => {
    const s = scripted(done('123456\n'));
    expect(await askDriver('zenity', REQUEST, s.deps())).toBe('123456');
    expect(s.calls).toEqual([
      [
        'zenity',
        '--entry',
        '--title=awsrole: MFA code',
        `--text=credentials for "S3_Full_Access" expire.\nMFA code for ${REQUEST.serialNumber}:`,
        '--width=480',
      ],
    ]);
  });

  it('a wrong-shaped answer shows the dialog again with the problem; three of them end the run', async () => {
    const again = scripted(done('12345'), done('123 456'));
    expect(await askDriver('kdialog', REQUEST, again.deps())).toBe('123456');
    expect(again.calls[1]?.[4]).toMatch(/^"12345" is not a 6-digit code\. credentials for/);

    const never = scripted(done('abc'), done(''), done('1234567'));
    const error = await awsroleError(askDriver('zenity', REQUEST, never.deps()));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/6 digits \(zenity got 3 answers that were not\)/);
    expect(never.calls).toHaveLength(3);
  });

  it('Cancel is one clean failure (exit 8), never shown again', async () => {
    for (const [driver, outcome] of [
      ['zenity', failed(1)],
      ['kdialog', failed(1)],
      ['osascript', failed(1, '0:120: execution error: User canceled. (-128)')],
    ] as const) {
      const s = scripted(outcome);
      const error = await awsroleError(askDriver(driver, REQUEST, s.deps()));
      expect(error.exitCode).toBe(8);
      expect(error.message).toBe(`the MFA prompt was cancelled (${driver})`);
      expect(s.calls).toHaveLength(1);
    }
  });

  it('a dialog left unanswered is closed and the run fails as cancelled; a broken one names its error', async () => {
    // The helper path throws its time-out error with the exit code the driver gives it.
    const timesOut = (options: HelperRun): never => {
      expect(options.timeoutMs).toBe(120_000);
      throw new AwsroleError('zenity timed out after 120 s', {
        exitCode: options.exitCode,
        hint: options.hint,
      });
    };
    const late = await awsroleError(askDriver('zenity', REQUEST, scripted(timesOut).deps()));
    expect(late.exitCode).toBe(8);
    expect(late.message).toBe('zenity timed out after 120 s');
    expect(late.hint).toMatch(/run the command again/);
    const broken = await awsroleError(
      askDriver('zenity', REQUEST, scripted(failed(255, 'cannot open display: :5')).deps()),
    );
    expect(broken.exitCode).toBe(3);
    expect(broken.message).toBe('the MFA prompt zenity failed: exit 255: cannot open display: :5');
  });

  it('osascript: the text travels as an argument, not inside the script', async () => {
    const s = scripted(done('654321\n'));
    const tricky = { ...REQUEST, reason: 'credentials for "a\\" & do shell script "x"' };
    expect(await askDriver('osascript', tricky, s.deps())).toBe('654321');
    const argv = s.calls[0] ?? [];
    expect(argv.at(-1)).toContain(tricky.reason);
    expect(argv.slice(0, -1).join(' ')).not.toContain('do shell script');
  });
});

describe('OTP drivers', () => {
  it('ykman: the OATH account defaults to the MFA serial; a touch prompt is passed on', async () => {
    const s = scripted(({ onStderr }) => {
      onStderr?.('Touch your YubiKey...\n');
      return done('246810\n');
    });
    expect(await askDriver('ykman', REQUEST, s.deps())).toBe('246810');
    expect(s.calls).toEqual([
      ['ykman', 'oath', 'accounts', 'code', '--single', REQUEST.serialNumber],
    ]);
    expect(s.notices).toEqual([
      `awsrole: touch your YubiKey: OATH account "${REQUEST.serialNumber}" needs a touch for the MFA code of ${REQUEST.serialNumber} (credentials for "S3_Full_Access" expire)`,
    ]);
  });

  it('ykman with a named account and device; a failure names the account and what ykman said', async () => {
    const s = scripted(failed(1, 'Error: No matching account found.'));
    const error = await awsroleError(
      askDriver('ykman', REQUEST, s.deps({ oathAccount: 'aws:alice', oathDevice: '1234567' })),
    );
    expect(s.calls[0]).toEqual([
      'ykman',
      '--device',
      '1234567',
      ...['oath', 'accounts', 'code', '--single', 'aws:alice'],
    ]);
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      'the MFA prompt ykman (OATH account "aws:alice") failed: exit 1: Error: No matching account found.',
    );
    expect(error.hint).toMatch(/ykman_oath_credential_name/);
  });

  it('pass: `pass otp <entry>`; output that is not a 6-digit code is refused', async () => {
    const s = scripted(done('135790\n'), done('12345678\n'));
    expect(await askDriver('pass', REQUEST, s.deps({ passEntry: 'aws/alice-otp' }))).toBe('135790');
    expect(s.calls[0]).toEqual(['pass', 'otp', 'aws/alice-otp']);
    const error = await awsroleError(askDriver('pass', REQUEST, s.deps()));
    expect(s.calls[1]).toEqual(['pass', 'otp', REQUEST.serialNumber]);
    expect(error.message).toBe(`pass gave no 6-digit code for entry "${REQUEST.serialNumber}"`);
  });
});

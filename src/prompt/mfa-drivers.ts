// The MFA prompt drivers: the terminal, desktop dialogs (zenity, kdialog, osascript) and OTP commands (ykman, pass).
import {
  AwsroleError,
  configError,
  ExitCode,
  type ExitCodeValue,
  printable,
  usageError,
} from '../errors.js';
import type { PromptDriver } from './driver-names.js';
import type { Prompter } from './tty.js';

/** What a code is asked for: the device, and why (naming the profile or role). */
export interface MfaRequest {
  readonly serialNumber: string;
  /** e.g. `credentials for "S3_Full_Access" expire`. */
  readonly reason: string;
}

/** How a helper process ended on its own. */
export interface HelperOutcome {
  readonly ok: boolean;
  readonly exitCode?: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** How it ended, when not with 0: "exit 1", "killed by SIGTERM". */
  readonly failure?: string | undefined;
}

/** How one driver's process is run. */
export interface HelperRun {
  readonly timeoutMs: number;
  /** Sees its stderr as it comes. */
  readonly onStderr?: ((text: string) => void) | undefined;
  /** Exit code and hint of the error thrown when it cannot start or times out. */
  readonly exitCode: ExitCodeValue;
  readonly hint: string;
  /** How messages name it (default: the command); stderr is captured unless 'inherit'. */
  readonly name?: string | undefined;
  readonly stderr?: 'inherit' | 'capture' | undefined;
}

/**
 * Runs argv (no shell) through the one helper path (src/run/helper-process.ts:
 * scrubbed environment, own process group, time and output limits), stderr
 * captured; throws when it cannot start, times out or prints too much.
 */
export type RunHelper = (argv: readonly string[], options: HelperRun) => Promise<HelperOutcome>;

/** Names a driver needs (profile settings, else the aws-vault environment variables). */
export interface DriverSettings {
  /** ykman: the OATH account (default: the MFA serial). */
  readonly oathAccount?: string | undefined;
  /** ykman: the YubiKey's serial number, when several are plugged in. */
  readonly oathDevice?: string | undefined;
  /** pass: the pass-otp entry (default: the MFA serial). */
  readonly passEntry?: string | undefined;
}

/** What the drivers use. */
export interface DriverDeps {
  readonly run: RunHelper;
  readonly prompter: () => Prompter | undefined;
  /** A notice for the user (stderr). */
  readonly notice: (line: string) => void;
  readonly settings: DriverSettings;
  readonly otpTimeoutMs: number;
}

/** A person answers a dialog; one left open is closed (and the run fails) after this long. */
export const DIALOG_TIMEOUT_MS = 120_000;
/** Wrong-shaped answers a dialog may get before awsrole gives up (cancel ends it at once). */
const DIALOG_ATTEMPTS = 3;
const SIX_DIGITS = /^\d{6}$/;

// Asks the driver for a code and returns it checked (6 digits); cancel and failures are AwsroleErrors.
export async function askDriver(
  driver: PromptDriver,
  request: MfaRequest,
  deps: DriverDeps,
): Promise<string> {
  switch (driver) {
    case 'terminal':
      return askTerminal(request, deps);
    case 'ykman':
      return askYkman(request, deps);
    case 'pass':
      return askPass(request, deps);
    default:
      return askDialog(driver, request, deps);
  }
}

async function askTerminal(request: MfaRequest, deps: DriverDeps): Promise<string> {
  const prompter = deps.prompter();
  if (!prompter) throw usageError('there is no terminal to ask for the MFA code on');
  const answer = await prompter.ask(`MFA code for ${request.serialNumber}: `);
  return sixDigits(answer, 'the MFA code must be exactly 6 digits');
}

/**
 * A wrong-shaped answer (a typo, a 5-digit code) shows the dialog again with
 * the problem named, a few times at most; Cancel ends the run at once.
 */
async function askDialog(
  driver: PromptDriver,
  request: MfaRequest,
  deps: DriverDeps,
): Promise<string> {
  let problem = '';
  for (let attempt = 1; ; attempt++) {
    const text = `${problem}${request.reason}.\nMFA code for ${request.serialNumber}:`;
    const outcome = await deps.run(dialogArgv(driver, text), {
      timeoutMs: DIALOG_TIMEOUT_MS,
      // A dialog nobody answered ends the run as a Cancel would.
      exitCode: ExitCode.cancelled,
      hint: AGAIN,
    });
    const answer = dialogAnswer(driver, outcome).replace(/\s+/g, '');
    if (SIX_DIGITS.test(answer)) return answer;
    if (attempt >= DIALOG_ATTEMPTS) {
      throw usageError(
        `the MFA code must be exactly 6 digits (${driver} got ${attempt} answers that were not)`,
        'enter the current code from your MFA device',
      );
    }
    problem = `"${printable(answer).slice(0, 20)}" is not a 6-digit code. `;
  }
}

const TITLE = 'awsrole: MFA code';

// The dialog's command line: an entry box titled "awsrole: MFA code" with the text.
export function dialogArgv(driver: PromptDriver, text: string): string[] {
  switch (driver) {
    case 'zenity':
      // --text is Pango markup.
      return [
        'zenity',
        '--entry',
        `--title=${TITLE}`,
        `--text=${markupEscape(text)}`,
        '--width=480',
      ];
    case 'kdialog':
      return ['kdialog', '--title', TITLE, '--inputbox', text, ''];
    case 'osascript':
      // The text travels as an argument, never spliced into the script.
      return [
        'osascript',
        '-e',
        'on run argv',
        '-e',
        `display dialog (item 1 of argv) default answer "" with title "${TITLE}" buttons {"Cancel", "OK"} default button "OK" cancel button "Cancel"`,
        '-e',
        'return text returned of result',
        '-e',
        'end run',
        text,
      ];
    default:
      throw new Error(`${driver} is not a dialog`);
  }
}

function markupEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** zenity and kdialog exit 1 on Cancel (or closing the window); osascript says error -128. */
function dialogAnswer(driver: PromptDriver, outcome: HelperOutcome): string {
  if (outcome.ok) return outcome.stdout.trim();
  const cancelled = driver === 'osascript' ? /-128\b/.test(outcome.stderr) : outcome.exitCode === 1;
  if (cancelled) {
    throw new AwsroleError(`the MFA prompt was cancelled (${driver})`, {
      exitCode: ExitCode.cancelled,
      hint: AGAIN,
    });
  }
  throw helperFailed(driver, outcome);
}

const AGAIN = 'run the command again to get a new prompt, or pass --mfa-token';

/**
 * ykman prints "Touch your YubiKey..." when the account needs a touch: that is
 * passed on to the user as a notice naming the account and the device.
 */
async function askYkman(request: MfaRequest, deps: DriverDeps): Promise<string> {
  const account = deps.settings.oathAccount ?? request.serialNumber;
  const device = deps.settings.oathDevice;
  const argv = [
    'ykman',
    ...(device ? ['--device', device] : []),
    ...['oath', 'accounts', 'code', '--single', account],
  ];
  let told = false;
  const onStderr = (text: string) => {
    if (told || !/touch/i.test(text)) return;
    told = true;
    deps.notice(
      `awsrole: touch your YubiKey: OATH account "${account}" needs a touch for the MFA code of ${request.serialNumber} (${request.reason})`,
    );
  };
  const outcome = await deps.run(argv, {
    timeoutMs: deps.otpTimeoutMs,
    onStderr,
    exitCode: ExitCode.config,
    hint: hintFor('ykman'),
  });
  if (!outcome.ok) throw helperFailed('ykman', outcome, `OATH account "${account}"`);
  return otpCode('ykman', outcome.stdout, `OATH account "${account}"`);
}

async function askPass(request: MfaRequest, deps: DriverDeps): Promise<string> {
  const entry = deps.settings.passEntry ?? request.serialNumber;
  const outcome = await deps.run(['pass', 'otp', entry], {
    timeoutMs: deps.otpTimeoutMs,
    exitCode: ExitCode.config,
    hint: hintFor('pass'),
  });
  if (!outcome.ok) throw helperFailed('pass', outcome, `entry "${entry}"`);
  return otpCode('pass', outcome.stdout, `entry "${entry}"`);
}

function otpCode(driver: string, stdout: string, what: string): string {
  const code = stdout.trim().split('\n').at(-1)?.trim() ?? '';
  return sixDigits(code, `${driver} gave no 6-digit code for ${what}`, configError);
}

function sixDigits(
  answer: string,
  message: string,
  make: (message: string, hint?: string) => AwsroleError = usageError,
): string {
  const code = answer.trim();
  if (SIX_DIGITS.test(code)) return code;
  return throwWith(make(message, 'enter the current code from your MFA device'));
}

function throwWith(error: AwsroleError): never {
  throw error;
}

/** The helper's own last stderr line says why (ykman: "No matching account found."). */
function helperFailed(driver: string, outcome: HelperOutcome, what?: string): AwsroleError {
  const last = outcome.stderr.trim().split('\n').at(-1)?.trim() ?? '';
  const said = last ? `: ${printable(last).slice(0, 200)}` : '';
  const how = outcome.failure ?? 'failed';
  return new AwsroleError(
    `the MFA prompt ${driver}${what ? ` (${what})` : ''} failed: ${how}${said}`,
    {
      exitCode: ExitCode.config,
      hint: hintFor(driver),
    },
  );
}

function hintFor(driver: string): string {
  switch (driver) {
    case 'ykman':
      return 'check `ykman oath accounts list`; set ykman_oath_credential_name in the profile to the account that holds this MFA device';
    case 'pass':
      return 'check `pass otp <entry>`; set pass_oath_credential_name in the profile to the entry of this MFA device';
    default:
      return `check that ${driver} can open a window on this display, or choose another --prompt`;
  }
}

// Gets an MFA code: --mfa-token, else --prompt's driver, else mfa_process, else the prompt driver chosen for this run.

import { checkMfaCode } from '../config/sts-names.js';
import type { DebugLog } from '../debug-log.js';
import { AwsroleError, ExitCode, printable } from '../errors.js';
import {
  type ChoiceInputs,
  chooseDriver,
  installedOn,
  type NoDriver,
} from '../prompt/choose-driver.js';
import type { RunHelper } from '../prompt/mfa-drivers.js';
import type { Prompter } from '../prompt/tty.js';
import type { MfaPromptSettings } from '../target/target-types.js';
import type { MfaCode } from './credentials.js';

/** Where codes may come from. */
export interface MfaSources {
  readonly token?: string | undefined;
  /** The profile's mfa_process. */
  readonly process?: string | undefined;
  readonly prompter: () => Prompter | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** --prompt. */
  readonly prompt?: string | undefined;
  /** The profile's mfa_prompt and the names its driver needs. */
  readonly settings?: MfaPromptSettings | undefined;
  /** Why the code is asked, naming the profile: `credentials for "prod" expire`. */
  readonly reason?: string | undefined;
  /** exec --server's command owns the terminal: a code must come from elsewhere. */
  readonly terminalBusy?: boolean | undefined;
  /** Notices for the user (stderr); the touch-your-YubiKey line. */
  readonly notice?: ((line: string) => void) | undefined;
  readonly debug?: DebugLog | undefined;
  /** Tests replace the platform (macOS) and the helper runner. */
  readonly platform?: NodeJS.Platform | undefined;
  readonly run?: RunHelper | undefined;
}

/** The drivers that ask without a terminal, for messages. */
const ELSEWHERE = 'zenity, kdialog, osascript, ykman or pass';

// Asks for a code for the device; throws a clear error when there is no way to get one.
export async function mfaCode(serialNumber: string, sources: MfaSources): Promise<MfaCode> {
  if (sources.token !== undefined) {
    return { serialNumber, tokenCode: checkMfaCode(sources.token.trim()) };
  }
  const run = sources.run ?? helperRunner(sources.env);
  if (sources.process && sources.prompt === undefined) {
    sources.debug?.("mfa: code from the profile's mfa_process");
    return {
      serialNumber,
      tokenCode: checkMfaCode(await runMfaProcess(sources.process, sources.env, run)),
    };
  }
  // Opened once: the choice asks whether there is one, the terminal driver then uses it.
  const prompter = sources.terminalBusy ? undefined : sources.prompter();
  const inputs: ChoiceInputs = {
    flag: sources.prompt,
    profile: sources.settings?.prompt,
    env: sources.env,
    platform: sources.platform ?? process.platform,
    terminal: prompter !== undefined,
    terminalBusy: sources.terminalBusy,
    installed: installedOn(sources.env),
  };
  const choice = chooseDriver(inputs);
  if (!choice.driver) {
    sources.debug?.(`mfa: no prompt driver (${choice.why})`);
    throw noWayToAsk(serialNumber, choice, sources.terminalBusy === true);
  }
  sources.debug?.(`mfa: prompt driver ${choice.driver} (${choice.why})`);
  const { askDriver } = await import('../prompt/mfa-drivers.js');
  const tokenCode = await askDriver(
    choice.driver,
    { serialNumber, reason: sources.reason ?? `credentials need a new MFA session` },
    {
      run,
      prompter: () => prompter,
      notice: sources.notice ?? ((line) => process.stderr.write(`${line}\n`)),
      settings: {
        oathAccount: sources.settings?.oathAccount ?? sources.env.YKMAN_OATH_CREDENTIAL_NAME,
        oathDevice: sources.settings?.oathDevice ?? sources.env.YKMAN_OATH_DEVICE_SERIAL,
        passEntry: sources.settings?.passEntry ?? sources.env.PASS_OATH_CREDENTIAL_NAME,
      },
      otpTimeoutMs: mfaProcessTimeoutMs(sources.env),
    },
  );
  return { serialNumber, tokenCode };
}

/** Today's one line, naming the display that has no dialog installed when there is one. */
function noWayToAsk(serialNumber: string, choice: NoDriver, renewal: boolean): AwsroleError {
  const noDialog = choice.display
    ? `, and no ${choice.missing?.join(' or ')} for ${choice.display}`
    : '';
  const message = renewal
    ? `renewing needs a new MFA code and awsrole cannot ask for one while the command runs${noDialog}`
    : `an MFA code is needed for ${serialNumber} and there is no terminal to ask on${noDialog}`;
  return new AwsroleError(message, {
    exitCode: ExitCode.usage,
    hint: renewal
      ? `set mfa_prompt or AWSROLE_PROMPT to a prompt that needs no terminal: ${ELSEWHERE}; or set mfa_process, or use a longer --session-duration`
      : `pass --mfa-token <code>, set mfa_process in the profile, or choose a prompt that needs no terminal with --prompt or mfa_prompt: ${ELSEWHERE}`,
  });
}

/** AWSROLE_MFA_PROCESS_TIMEOUT: seconds mfa_process (and ykman, pass) may run (default 60). */
export function mfaProcessTimeoutMs(env: NodeJS.ProcessEnv): number {
  const text = env.AWSROLE_MFA_PROCESS_TIMEOUT;
  if (text === undefined || text === '') return 60_000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new AwsroleError(
      `AWSROLE_MFA_PROCESS_TIMEOUT is not a number of seconds: "${printable(text)}"`,
      {
        exitCode: ExitCode.usage,
        hint: 'set it to a positive number of seconds, such as 60, or unset it',
      },
    );
  }
  return seconds * 1000;
}

/**
 * mfa_process is a command line from the user's own config, run by /bin/sh
 * like aws-vault does, through the helper path: no awsrole secret in its
 * environment, its own process group, killed with all it started after
 * AWSROLE_MFA_PROCESS_TIMEOUT. Its stderr is the user's (a "touch your key" notice).
 */
async function runMfaProcess(
  command: string,
  env: NodeJS.ProcessEnv,
  run: RunHelper,
): Promise<string> {
  const hint = 'check the mfa_process command in your AWS config';
  const outcome = await run(['/bin/sh', '-c', command], {
    timeoutMs: mfaProcessTimeoutMs(env),
    exitCode: ExitCode.config,
    hint,
    name: 'mfa_process',
    stderr: 'inherit',
  });
  if (!outcome.ok) {
    throw new AwsroleError(`mfa_process failed: ${outcome.failure}`, {
      exitCode: ExitCode.config,
      hint,
    });
  }
  return outcome.stdout.trim();
}

/** The drivers (and mfa_process) on the one helper path, loaded only when a code is asked. */
function helperRunner(env: NodeJS.ProcessEnv): RunHelper {
  return async (argv, options) => {
    const { runHelper, describeOutcome } = await import('../run/helper-process.js');
    const [file = '', ...args] = argv;
    const result = await runHelper(file, args, {
      name: options.name ?? file,
      env,
      timeoutMs: options.timeoutMs,
      exitCode: options.exitCode,
      hint: options.hint,
      stderr: options.stderr ?? 'capture',
      onStderr: options.onStderr,
    });
    const ok = !('signal' in result.outcome) && result.outcome.exitCode === 0;
    return {
      ok,
      exitCode: 'exitCode' in result.outcome ? result.outcome.exitCode : undefined,
      stdout: result.stdout,
      stderr: result.stderr,
      failure: ok ? undefined : describeOutcome(result.outcome),
    };
  };
}

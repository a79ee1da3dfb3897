// Gets an MFA code: --mfa-token, else the profile's mfa_process, else a prompt on the terminal.
import { checkMfaCode } from '../config/sts-names.js';
import { AwsroleError, ExitCode, printable } from '../errors.js';
import type { Prompter } from '../prompt/tty.js';
import type { MfaCode } from './credentials.js';

/** Where codes may come from. */
export interface MfaSources {
  readonly token?: string | undefined;
  readonly process?: string | undefined;
  readonly prompter: () => Prompter | undefined;
  readonly env: NodeJS.ProcessEnv;
}

// Asks for a code for the device; throws a clear error when there is no way to get one.
export async function mfaCode(serialNumber: string, sources: MfaSources): Promise<MfaCode> {
  if (sources.token !== undefined) {
    return { serialNumber, tokenCode: checkMfaCode(sources.token.trim()) };
  }
  if (sources.process) {
    return {
      serialNumber,
      tokenCode: checkMfaCode(await runMfaProcess(sources.process, sources.env)),
    };
  }
  const prompter = sources.prompter();
  if (!prompter) {
    throw new AwsroleError(
      `an MFA code is needed for ${serialNumber} and there is no terminal to ask on`,
      {
        exitCode: ExitCode.usage,
        hint: 'pass --mfa-token <code>, or set mfa_process in the profile',
      },
    );
  }
  const code = await prompter.ask(`MFA code for ${serialNumber}: `);
  return { serialNumber, tokenCode: checkMfaCode(code.trim()) };
}

/** AWSROLE_MFA_PROCESS_TIMEOUT: seconds mfa_process may run (default 60). */
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
async function runMfaProcess(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  const hint = 'check the mfa_process command in your AWS config';
  const { runHelper, describeOutcome } = await import('../run/helper-process.js');
  const result = await runHelper('/bin/sh', ['-c', command], {
    name: 'mfa_process',
    env,
    timeoutMs: mfaProcessTimeoutMs(env),
    exitCode: ExitCode.config,
    hint,
  });
  if ('signal' in result.outcome || result.outcome.exitCode !== 0) {
    throw new AwsroleError(`mfa_process failed: ${describeOutcome(result.outcome)}`, {
      exitCode: ExitCode.config,
      hint,
    });
  }
  return result.stdout.trim();
}

// Gets an MFA code: --mfa-token, else the profile's mfa_process, else a prompt on the terminal.
import { checkMfaCode } from '../config/sts-names.js';
import { AwsroleError, ExitCode } from '../errors.js';
import type { Prompter } from '../prompt/tty.js';
import type { MfaCode } from './credentials.js';

/** Where codes may come from. */
export interface MfaSources {
  readonly token?: string | undefined;
  readonly process?: string | undefined;
  readonly prompter: () => Prompter | undefined;
  readonly env: NodeJS.ProcessEnv;
}

const PROCESS_TIMEOUT_MS = 60_000;

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

/**
 * mfa_process is a command line from the user's own config, run by /bin/sh
 * like aws-vault does. execa (loaded only here) bounds it in time and output
 * and says how it failed.
 */
async function runMfaProcess(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { execa } = await import('execa');
  const result = await execa('/bin/sh', ['-c', command], {
    env,
    extendEnv: false,
    stdin: 'ignore',
    timeout: PROCESS_TIMEOUT_MS,
    maxBuffer: 64 * 1024,
    reject: false,
  });
  if (result.failed) {
    const how = result.timedOut
      ? 'timed out'
      : `exit ${result.exitCode ?? result.signal ?? result.code ?? 'unknown'}`;
    throw new AwsroleError(`mfa_process failed: ${how}`, {
      exitCode: ExitCode.config,
      hint: 'check the mfa_process command in your AWS config',
      cause: result,
    });
  }
  return result.stdout.trim();
}

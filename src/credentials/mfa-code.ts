// Gets an MFA code: --mfa-token, else the profile's mfa_process, else a prompt on the terminal.
import { execFile } from 'node:child_process';
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

/** mfa_process is a command line from the user's own config, run by /bin/sh like aws-vault does. */
function runMfaProcess(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', command],
      { env, timeout: PROCESS_TIMEOUT_MS, maxBuffer: 64 * 1024 },
      (error, stdout) => {
        if (error) {
          reject(
            new AwsroleError(
              `mfa_process failed: ${error.killed ? 'timed out' : `exit ${error.code ?? error.signal}`}`,
              {
                exitCode: ExitCode.config,
                hint: 'check the mfa_process command in your AWS config',
                cause: error,
              },
            ),
          );
          return;
        }
        resolve(String(stdout).trim());
      },
    );
  });
}

// `awsrole exec <role> [-- cmd...]`: run a command (or a subshell) with a role's temporary credentials.
import type { TargetOptions } from '../config/target.js';
import { AwsroleError, ExitCode } from '../errors.js';
import { buildChildEnv } from '../run/child-env.js';
import { runChild } from '../run/spawn.js';
import { subshellArgv } from '../run/subshell.js';
import type { CommandResult, Io, Services } from './context.js';
import { credentialsFor, type SessionOptions } from './credentials-for.js';

/** Parsed `exec` options. */
export interface ExecOptions extends TargetOptions, SessionOptions {
  readonly role: string;
  /** The command after `--`; empty starts a subshell. */
  readonly command: readonly string[];
}

// Runs the command with only the role's temporary credentials in its environment.
export async function execCommand(
  options: ExecOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  refuseNested(io.env);
  const { target, credentials, roleArn } = await credentialsFor(
    options.role,
    options,
    io,
    services,
  );
  const last = target.steps.at(-1);
  const env = buildChildEnv(io.env, {
    role: options.role,
    credentials,
    region: target.region,
    roleArn,
    sessionName: last?.sessionName,
  });
  const argv = options.command.length > 0 ? options.command : subshellArgv(io.env);
  if (options.command.length === 0 && io.stderrIsTty) {
    io.err(`awsrole: started ${argv[0]} as ${options.role}; type \`exit\` to leave it`);
  }
  return runChild(argv, env);
}

/** A session inside a session hides which credentials are in use: refuse it. */
export function refuseNested(env: NodeJS.ProcessEnv): void {
  if (env.AWSROLE) {
    throw new AwsroleError(`already in an awsrole session for "${env.AWSROLE}"`, {
      exitCode: ExitCode.refused,
      hint: 'type `exit` to leave that subshell first (or run `env -u AWSROLE awsrole ...` if you really mean it)',
    });
  }
}

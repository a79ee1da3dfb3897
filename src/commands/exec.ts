// `awsrole exec <role> [-- cmd...]`: run a command (or a subshell) with a role's temporary credentials.
import { recordHistory } from '../history/entry.js';
import { buildChildEnv } from '../run/child-env.js';
import { type ChildOutcome, runChild } from '../run/spawn.js';
import type { TargetOptions } from '../target/target.js';
import type { CommandResult, Io, Services } from './context.js';
import { credentialsFor, type SessionOptions } from './credentials-for.js';
import { refuseNested } from './nested.js';
import { serverRenewal } from './server-renewal.js';

/** Parsed `exec` options. */
export interface ExecOptions extends TargetOptions, SessionOptions {
  readonly role: string;
  /** The command after `--`; empty starts a subshell. */
  readonly command: readonly string[];
  /** Serve credentials from a local endpoint instead of static variables. */
  readonly server: boolean;
}

/** `exec` without a command starts the user's $SHELL, else /bin/sh. */
function subshellArgv(env: NodeJS.ProcessEnv): string[] {
  const shell = env.SHELL?.trim();
  return [shell ? shell : '/bin/sh'];
}

// Runs the command with only the role's temporary credentials (or the local endpoint) in its environment.
export async function execCommand(
  options: ExecOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  refuseNested(io.env);
  // Fetched up front even in server mode: errors and MFA prompts come before the child starts.
  const first = await credentialsFor(options.role, options, io, services);
  const issuedAt = services.now();
  const session = {
    role: options.role,
    region: first.target.region,
    roleArn: first.roleArn,
    sessionName: first.target.steps.at(-1)?.sessionName,
  };
  const argv = options.command.length > 0 ? options.command : subshellArgv(io.env);
  if (options.command.length === 0 && io.stderrIsTty) {
    io.err(`awsrole: started ${argv[0]} as ${options.role}; type \`exit\` to leave it`);
  }
  const record = (exit: number | string) =>
    recordHistory(io.env, issuedAt, {
      command: 'exec',
      ...first,
      sourceKind: first.source.kind,
      program: argv[0],
      exit,
    });
  /** One entry whatever happens to the child, also when it could not be started at all. */
  const recorded = async (run: Promise<ChildOutcome>): Promise<ChildOutcome> => {
    let outcome: ChildOutcome;
    try {
      outcome = await run;
    } catch (error) {
      record('not started');
      throw error;
    }
    record('signal' in outcome ? outcome.signal : outcome.exitCode);
    return outcome;
  };
  if (!options.server) {
    return recorded(
      runChild(argv, buildChildEnv(io.env, { ...session, credentials: first.credentials })),
    );
  }
  // Loaded only in server mode: plain exec is the hot path.
  const renewal = serverRenewal(options, first, io, services);
  const { serveRole } = await import('./exec-server.js');
  const server = await serveRole(options.role, first.credentials, renewal, io, services.now);
  try {
    return await recorded(runChild(argv, buildChildEnv(io.env, { ...session, server })));
  } finally {
    await server.close();
  }
}

// What every command handler receives from the entry point: environment, stdio and services.
import type { AwsConfig } from '../config/aws-config.js';
import type { StsApi } from '../credentials/credentials.js';
import type { SourceWorld } from '../credentials/source.js';
import type { DebugLog } from '../debug-log.js';
import type { Prompter } from '../prompt/tty.js';
import type { ChildOutcome } from '../run/spawn.js';
import type { SecretStore } from '../store/secret-store.js';

/** Stdio and environment as a handler sees them; tests pass their own. */
export interface Io {
  readonly env: NodeJS.ProcessEnv;
  /** Data the user asked for (export, list --json); never diagnostics. */
  readonly out: (text: string) => void;
  /** Notices, warnings and prompts' companions. */
  readonly err: (line: string) => void;
  readonly stdinIsTty: boolean;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  /** The whole of stdin, for non-interactive input. */
  readonly readStdin: () => Promise<Buffer>;
  /** A prompt on the controlling terminal, or undefined without one. */
  readonly prompter: () => Prompter | undefined;
  /** --debug lines (stderr); undefined when --debug is off. */
  readonly debug?: DebugLog | undefined;
}

/** Services a handler uses; each is created lazily by the entry point. */
export interface Services {
  readonly store: () => SecretStore;
  readonly sts: () => StsApi;
  /** The AWS config: in full, or only the named profiles and their sources (cheap on huge files). */
  readonly config: (only?: readonly string[]) => Promise<AwsConfig>;
  /** Milliseconds since the epoch (injectable for expiry arithmetic). */
  readonly now: () => number;
}

// What credential sources build their own dependencies from: this run's environment, terminal and services.
export function sourceWorld(io: Io, services: Services): SourceWorld {
  return {
    env: io.env,
    store: services.store,
    now: services.now,
    err: io.err,
    interactive: () => io.prompter() !== undefined,
    debug: io.debug,
  };
}

/** A handler's result: an exit status, or a signal to end with (the child's). */
export type CommandResult = ChildOutcome;

// Shorthand for a plain exit status result.
export function exitWith(exitCode: number): CommandResult {
  return { exitCode };
}

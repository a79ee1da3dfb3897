// Runs the child with inherited stdio, relays signals to it and reports how it ended.
import { readFileSync } from 'node:fs';
import { AwsroleError, ExitCode } from '../errors.js';
import { trace } from '../trace.js';

/** How a child ended: an exit status, or the signal that killed it. */
export type ChildOutcome = { readonly exitCode: number } | { readonly signal: NodeJS.Signals };

/** Signals relayed to the child while it runs. */
export const RELAYED_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
];

/**
 * Ctrl-C and Ctrl-\ on a terminal already reach every process of the
 * foreground group, the child included; relaying them again would deliver
 * them twice (terraform treats a second SIGINT as "abort now"). So keyboard
 * signals are relayed only when awsrole is not the terminal's foreground job
 * (for example `kill -INT` from a script); other signals are always relayed.
 */
function keyboardSignalAlreadyDelivered(signal: NodeJS.Signals): boolean {
  if (signal !== 'SIGINT' && signal !== 'SIGQUIT') return false;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [, , pgrp, , ttyNr, tpgid] = fields;
    return ttyNr !== '0' && pgrp === tpgid;
  } catch {
    return process.stdin.isTTY === true;
  }
}

let execaModule: Promise<typeof import('execa')> | undefined;

function loadExeca(): Promise<typeof import('execa')> {
  execaModule ??= import('execa').then((module) => {
    trace('load:execa');
    return module;
  });
  return execaModule;
}

/**
 * Starts loading the spawner while credentials are being fetched: the module
 * compiles while awsrole waits on the keyring or STS, instead of after.
 */
export function preloadSpawner(): void {
  void loadExeca().catch(() => undefined);
}

// Spawns argv (no shell) with the given environment and waits for it, relaying signals.
export async function runChild(
  argv: readonly string[],
  env: Record<string, string>,
): Promise<ChildOutcome> {
  const [file, ...args] = argv;
  if (!file) throw new AwsroleError('no command to run', { exitCode: ExitCode.usage });
  /**
   * Listen before spawning: execa returns only after setting up its streams,
   * and a signal sent meanwhile (the child already runs) would kill awsrole
   * and orphan the child. A signal that comes before the child exists ends
   * awsrole the same way without starting it.
   */
  let child: { kill(signal: NodeJS.Signals): unknown } | undefined;
  let early: NodeJS.Signals | undefined;
  const relay = (signal: NodeJS.Signals) => {
    if (!child) early ??= signal;
    else if (!keyboardSignalAlreadyDelivered(signal)) child.kill(signal);
  };
  for (const signal of RELAYED_SIGNALS) process.on(signal, relay);
  try {
    const { execa } = await loadExeca();
    if (early) return { signal: early };
    const running = execa(file, args, {
      env,
      extendEnv: false,
      stdio: 'inherit',
      reject: false,
      shell: false,
      // A relayed SIGTERM must not turn into SIGKILL after a delay: the child decides when to stop.
      forceKillAfterDelay: false,
      cleanup: false,
    });
    child = running;
    trace('spawned');
    const result = await running;
    trace('child-exited');
    if (result.signal) return { signal: result.signal };
    if (typeof result.exitCode === 'number') return { exitCode: result.exitCode };
    throw spawnError(file, (result as { code?: string }).code, result.message ?? '');
  } finally {
    for (const signal of RELAYED_SIGNALS) process.off(signal, relay);
  }
}

function spawnError(file: string, code: string | undefined, detail: string): AwsroleError {
  if (code === 'ENOENT') {
    return new AwsroleError(`command not found: ${file}`, {
      exitCode: ExitCode.notFound,
      hint: 'check the spelling and your PATH',
    });
  }
  if (code === 'EACCES' || code === 'EISDIR' || code === 'ENOEXEC') {
    return new AwsroleError(`cannot execute ${file}: permission denied`, {
      exitCode: ExitCode.notExecutable,
      hint: 'make it executable (chmod +x) or run it through its interpreter',
    });
  }
  return new AwsroleError(`cannot start ${file}: ${code ?? detail.split('\n')[0]}`, {
    exitCode: ExitCode.notExecutable,
  });
}

// Runs the child with inherited stdio, relays signals to it and reports how it ended.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { AwsroleError, ExitCode } from '../errors.js';
import { trace } from '../trace.js';
import type { ProcessEnv } from './process-env.js';
import { spawnFailure } from './spawn-failure.js';

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
    return isatty(0);
  }
}

/**
 * Spawned with node:child_process rather than execa: on the exec hot path
 * execa's module graph (~245 KB bundled) cost 10-20 ms per run on Node 24,
 * while all this needs is inherited stdio, an environment and the way the
 * child ended (measured in docs/performance.md). Every other process goes
 * through helper-process.ts.
 */
// Spawns argv (no shell) with the given environment and waits for it, relaying signals.
export async function runChild(argv: readonly string[], env: ProcessEnv): Promise<ChildOutcome> {
  const [file, ...args] = argv;
  if (!file) throw new AwsroleError('no command to run', { exitCode: ExitCode.usage });
  /**
   * Listen before spawning (nothing awaits in between): a signal sent while
   * the child starts would otherwise kill awsrole and orphan the child.
   */
  let child: ChildProcess | undefined;
  const relay = (signal: NodeJS.Signals) => {
    if (child && !keyboardSignalAlreadyDelivered(signal)) child.kill(signal);
  };
  for (const signal of RELAYED_SIGNALS) process.on(signal, relay);
  try {
    const running = spawn(file, args, { env, stdio: 'inherit', shell: false });
    child = running;
    trace('spawned');
    return await new Promise<ChildOutcome>((resolve, reject) => {
      running.once('error', (error: NodeJS.ErrnoException) => {
        reject(spawnFailure(file, error.code, error.message, env.PATH));
      });
      running.once('exit', (code, signal) => {
        trace('child-exited');
        if (signal) resolve({ signal });
        else resolve({ exitCode: code ?? 0 });
      });
    });
  } finally {
    for (const signal of RELAYED_SIGNALS) process.off(signal, relay);
  }
}

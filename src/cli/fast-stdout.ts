// Output for the fast paths: a minimal Io over the one writer (output.ts) and a flush that drains it.
import type { Io } from '../commands/context.js';
import { drainOutput, writeStdout } from './output.js';

/** A minimal Io (environment and stdout) and a flush() that resolves once the output is out. */
export interface BufferedIo {
  readonly io: Pick<Io, 'env' | 'out'>;
  readonly flush: () => Promise<void>;
}

// Creates a BufferedIo over process.env and file descriptor 1.
export function bufferedIo(): BufferedIo {
  return { io: { env: process.env, out: writeStdout }, flush: drainOutput };
}

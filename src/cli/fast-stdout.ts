// Output for the fast paths: collected, then written in one piece that is flushed before the process exits.
import type { Io } from '../commands/context.js';

/** A minimal Io (environment and stdout) whose output is held until flush(). */
export interface BufferedIo {
  readonly io: Pick<Io, 'env' | 'out'>;
  readonly flush: () => Promise<void>;
}

// Creates a BufferedIo over process.env and process.stdout.
export function bufferedIo(): BufferedIo {
  let text = '';
  return {
    io: {
      env: process.env,
      out: (chunk) => {
        text += chunk;
      },
    },
    // main.ts exits right after; on pipes that are asynchronous (macOS) a long list could be cut.
    flush: () =>
      new Promise((resolve) => {
        if (text === '') return resolve();
        // A reader that went away (`| head`) is not an error worth a stack trace.
        process.stdout.once('error', () => resolve());
        process.stdout.write(text, () => resolve());
      }),
  };
}

// Output for the fast paths: collected, then written to fd 1 in one piece before the process exits.
import type { Io } from '../commands/context.js';

/** A minimal Io (environment and stdout) whose output is held until flush(). */
export interface BufferedIo {
  readonly io: Pick<Io, 'env' | 'out'>;
  readonly flush: () => Promise<void>;
}

/** How long to wait before writing again to a full non-blocking pipe. */
const FULL_PIPE_WAIT_MS = 2;

// Creates a BufferedIo over process.env and file descriptor 1.
export function bufferedIo(): BufferedIo {
  let text = '';
  return {
    io: {
      env: process.env,
      out: (chunk) => {
        text += chunk;
      },
    },
    /**
     * Written with writeSync on fd 1, not process.stdout: a prompt or a
     * completion is one short write, and the stdout getter would first build
     * a stream (for the shell's pipe, a net.Socket and its modules, ~2 ms).
     * main.ts exits right after, so every byte is out before this resolves.
     * node:fs through getBuiltinModule: an ESM import of a built-in builds its
     * module namespace, a cost the entry (which bundles prompt) avoids.
     */
    flush: async () => {
      const bytes = Buffer.from(text);
      for (let done = 0; done < bytes.length; ) {
        try {
          done += process.getBuiltinModule('node:fs').writeSync(1, bytes, done);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // A reader that went away (`| head`) is not an error worth a stack trace.
          if (code !== 'EAGAIN') return;
          await new Promise((resolve) => setTimeout(resolve, FULL_PIPE_WAIT_MS));
        }
      }
    },
  };
}

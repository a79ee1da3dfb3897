// The one writer of awsrole's own stdout and stderr: ordered, complete, and drained before exit.

/**
 * Why not process.stdout.write: on a pipe it queues what the pipe has not
 * taken, and the exit in main.ts dropped the rest (`list` on a
 * 1,000-profile config printed 809 of 1,002 lines, `list --json` ended at
 * byte 65,536, both with exit 0). This writer writes to the file
 * descriptor itself, in order, and main.ts awaits drainOutput() before it
 * exits. A reader that goes away (EPIPE: `| head`) ends the output
 * silently; a non-blocking pipe that is full (EAGAIN) is retried shortly
 * after, without blocking the event loop. Not building process.stdout also
 * spares the fast paths its stream (~2 ms).
 *
 * Each bundle (entry, hot paths, full CLI) has its own copy of this module;
 * the state lives on globalThis under a registered symbol so that all
 * copies share one queue per descriptor, whichever copy main.ts drains.
 */
const SHARED = Symbol.for('awsrole.output');

/** How long to wait before writing again to a full non-blocking pipe. */
const FULL_PIPE_WAIT_MS = 2;

interface Descriptor {
  readonly fd: number;
  queue: Buffer[];
  /** The reader went away (or the descriptor is unusable): later output is dropped. */
  gone: boolean;
  /** A retry is scheduled: writes only queue until it runs. */
  waiting: boolean;
  drained: (() => void)[];
}

/** The queues of fd 1 and 2, shared by every copy of this module. */
function shared(): Record<number, Descriptor> {
  const holder = globalThis as { [SHARED]?: Record<number, Descriptor> };
  holder[SHARED] ??= {};
  return holder[SHARED];
}

function descriptor(fd: number): Descriptor {
  const fds = shared();
  fds[fd] ??= { fd, queue: [], gone: false, waiting: false, drained: [] };
  return fds[fd];
}

function pump(d: Descriptor): void {
  const { writeSync } = process.getBuiltinModule('node:fs');
  while (d.queue.length > 0 && !d.gone) {
    const chunk = d.queue[0] as Buffer;
    try {
      const written = writeSync(d.fd, chunk);
      if (written < chunk.length) d.queue[0] = chunk.subarray(written);
      else d.queue.shift();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        d.waiting = true;
        setTimeout(() => {
          d.waiting = false;
          pump(d);
        }, FULL_PIPE_WAIT_MS);
        return;
      }
      // EPIPE (the reader went away), EBADF (closed): nothing more can reach it.
      d.gone = true;
    }
  }
  d.queue = [];
  for (const resolve of d.drained.splice(0)) resolve();
}

function write(fd: number, text: string | Uint8Array): void {
  const d = descriptor(fd);
  if (d.gone || text.length === 0) return;
  d.queue.push(typeof text === 'string' ? Buffer.from(text) : Buffer.from(text));
  if (!d.waiting) pump(d);
}

// Writes data to stdout, after everything written before it.
export function writeStdout(text: string | Uint8Array): void {
  write(1, text);
}

// Writes to stderr, after everything written to stderr before it.
export function writeStderr(text: string | Uint8Array): void {
  write(2, text);
}

// Resolves once everything written to stdout and stderr is out (or its reader has gone away).
export function drainOutput(): Promise<void> {
  const pending = Object.values(shared()).filter((d) => d.queue.length > 0 && !d.gone);
  return Promise.all(
    pending.map((d) => new Promise<void>((resolve) => d.drained.push(resolve))),
  ).then(() => undefined);
}

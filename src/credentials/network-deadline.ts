// A time limit for an AWS SDK call that starts when its first request goes out, not when the call is made.

/** The part of an SDK client this needs: its middleware stack (typed loosely: each client has its own types). */
interface WithMiddleware {
  readonly middlewareStack: unknown;
}

type Handler = (args: unknown) => Promise<unknown>;
type Stack = { add(middleware: (next: Handler) => Handler, options: object): void };

/** A signal for the SDK call and the clients whose requests start its clock. */
export interface NetworkDeadline {
  /** Pass as `abortSignal` to client.send(). */
  readonly signal: AbortSignal;
  /** Arms the clock on the client's first request; returns the client. */
  readonly watch: <C extends WithMiddleware>(client: C) => C;
  /** Clears the clock once the call has ended. */
  readonly done: () => void;
}

/**
 * Before its first request the SDK resolves its configuration (the shared
 * config file among it); on a huge ~/.aws/config or a machine busy with
 * other work that is CPU time, not the network, and an AbortSignal.timeout
 * set at the call counted it as a network time-out. The clock here starts
 * in the last middleware step before the HTTP handler and covers the
 * attempts and the waits between them; the handler's own connect and
 * request time-outs bound each attempt.
 */
// A deadline of `ms` on the network part of one SDK call.
export function networkDeadline(ms: number): NetworkDeadline {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer ??= setTimeout(() => {
      controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
    }, ms);
  };
  return {
    signal: controller.signal,
    watch: (client) => {
      (client.middlewareStack as Stack).add(
        (next) => (args) => {
          arm();
          return next(args);
        },
        { step: 'deserialize', priority: 'low' },
      );
      return client;
    },
    done: () => clearTimeout(timer),
  };
}

// Runs one SDK call under a network deadline of `ms`, clearing its clock afterwards.
export async function withNetworkDeadline<T>(
  ms: number,
  call: (deadline: NetworkDeadline) => Promise<T>,
): Promise<T> {
  const deadline = networkDeadline(ms);
  try {
    return await call(deadline);
  } finally {
    deadline.done();
  }
}

// Opt-in timing and loading trace (AWSROLE_TRACE=1): one stderr line per mark, for profiling and the hot-path guard.

const enabled = process.env.AWSROLE_TRACE === '1';

// Writes "awsrole-trace <ms since start> <label>" to stderr when tracing is on.
export function trace(label: string): void {
  if (enabled) process.stderr.write(`awsrole-trace ${performance.now().toFixed(1)} ${label}\n`);
}

import { type RunOptions, run } from './run.js';

/** What a program printed under a pseudo-terminal, and how it ended. */
export type TerminalResult = { code: number; stdout: string; stderr: string; timedOut: boolean };

type Spec = {
  argv: string[];
  answers?: [string, string][];
  timeout: number;
};

/**
 * Python's pty module (always there next to moto/boto3) provides the
 * terminal. "stdout" mode: only stdout is a pty (stderr a pipe, stdin
 * /dev/null, no controlling terminal). "ctty" mode: pty.fork(), so the pty is
 * the controlling terminal (/dev/tty) and stdin/stdout/stderr; each
 * [needle, reply] answer is typed once the needle has been printed.
 */
const SCRIPT = String.raw`
import json, os, pty, select, signal, subprocess, sys, time
mode, spec = sys.argv[1], json.loads(sys.argv[2])
argv, answers = spec['argv'], list(spec.get('answers') or [])
deadline = time.time() + spec['timeout']
out, err, timed_out = b'', b'', False
if mode == 'stdout':
    m, s = pty.openpty()
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=s, stderr=subprocess.PIPE, start_new_session=True)
    os.close(s)
    fds = [m, p.stderr.fileno()]
    while fds:
        if time.time() > deadline:
            timed_out = True
            os.killpg(p.pid, signal.SIGKILL)
            break
        ready, _, _ = select.select(fds, [], [], 0.1)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b''
            if not chunk:
                fds.remove(fd)
            elif fd == m:
                out += chunk
            else:
                err += chunk
    code = p.wait()
else:
    pid, m = pty.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    seen = 0
    while True:
        if time.time() > deadline:
            timed_out = True
            os.killpg(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([m], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(m, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if answers and answers[0][0].encode() in out[seen:]:
            seen = len(out)
            os.write(m, answers.pop(0)[1].encode())
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
print(json.dumps({'code': code, 'timedOut': timed_out,
                  'stdout': out.decode('utf-8', 'replace').replace('\r\n', '\n'),
                  'stderr': err.decode('utf-8', 'replace')}))
`;

// Runs argv with a pty as stdout only ("stdout") or as its controlling terminal ("ctty").
export async function inTerminal(
  mode: 'stdout' | 'ctty',
  argv: string[],
  options: RunOptions & { answers?: [string, string][] } = {},
): Promise<TerminalResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const spec: Spec = { argv, answers: options.answers ?? [], timeout: timeoutMs / 1000 };
  const python = await run('python3', ['-c', SCRIPT, mode, JSON.stringify(spec)], {
    ...options,
    timeoutMs: timeoutMs + 10_000,
  });
  if (python.code !== 0) throw new Error(`pty helper failed (${python.code}): ${python.stderr}`);
  return JSON.parse(python.stdout) as TerminalResult;
}

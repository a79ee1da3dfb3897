// exec's child process under stress: a crash by SIGSEGV, stdin reaching EOF, a reader that goes
// away early, and 200 MB through the pipe. The first exec caches a session from moto_server, so
// every test runs the child straight from the cache. Exit status, 126/127, SIGTERM/SIGKILL and the
// relayed signals are covered by exec-process.test.ts.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AWSROLE_BIN, awsroleArgv, type CliEnv, cliEnv, runAwsrole } from '../support/cli.js';
import { useFileUser } from '../support/e2e-setup.js';
import type { TempHome } from '../support/home.js';
import { forSuite } from '../support/lifecycle.js';
import { type Moto, motoPresent, startMoto } from '../support/moto.js';

const ROLE = 'arn:aws:iam::123456789012:role/Process_Role';
const HUGE = 200_000_000;

/** Peak resident set size of a process so far (VmHWM), in bytes; 0 once it is gone. */
function peakRss(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

describe.skipIf(!motoPresent())('exec: the child under stress', () => {
  let moto: Moto;
  let home: TempHome;
  let env: CliEnv;

  // moto without enforcement: any well-shaped key may assume any role; the session is cached.
  forSuite({ create: () => startMoto(), dispose: (m) => m.stop() }, (m) => {
    moto = m;
  });
  useFileUser({ endpoint: () => moto.endpoint, per: 'suite' }, (u) => {
    ({ home, env } = u);
  });
  beforeAll(async () => {
    const warm = await runAwsrole(['exec', ROLE, '--', 'true'], { env });
    expect(warm.code, warm.stderr).toBe(0);
  });

  /** Runs a shell script with the built CLI as "$AWSROLE" (node and bin/awsrole) and the role as "$ROLE". */
  function shell(
    script: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
    const started = Date.now();
    const [node = '', bin = ''] = awsroleArgv([]);
    return new Promise((resolve) => {
      execFile(
        'bash',
        ['-c', script],
        {
          env: cliEnv({ ...env, AR_NODE: node, AR_BIN: bin, ROLE }),
          cwd: home.dir,
          timeout: 20_000,
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
            stdout,
            stderr,
            ms: Date.now() - started,
          }),
      );
    });
  }

  it('a child killed by SIGSEGV: awsrole ends by SIGSEGV too, and says nothing', async () => {
    // No core files: the limit is lowered for awsrole (and so for the child) first.
    const r = await shell(
      'ulimit -c 0; "$AR_NODE" "$AR_BIN" exec "$ROLE" -- sh -c \'kill -SEGV $$\'; echo "status=$?"',
    );
    expect(r.stdout).toBe(`status=${128 + 11}\n`);
    // bash reports the crash of its child itself; awsrole adds no line of its own.
    expect(r.stderr).not.toMatch(/awsrole/);
  });

  it('stdin reaches the child until EOF: it reads every line, sees the end and exits', async () => {
    const r = await runAwsrole(
      [
        'exec',
        ROLE,
        '--',
        'sh',
        '-c',
        'n=0; while read -r l; do n=$((n+1)); done; echo "lines=$n eof"',
      ],
      { env, input: 'one\ntwo\nthree\n', timeoutMs: 10_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('lines=3 eof\n');
    expect(r.stderr).toBe('');
  });

  it('stdin closed at once: `cat` in the child ends at once with exit 0', async () => {
    const r = await runAwsrole(['exec', ROLE, '--', 'cat'], {
      env,
      input: '',
      timeoutMs: 10_000,
    });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.ms).toBeLessThan(5_000);
  });

  it('a reader that closes early: `awsrole exec ... -- yes | head -1` ends promptly and cleanly (141)', async () => {
    const r = await shell(
      '"$AR_NODE" "$AR_BIN" exec "$ROLE" -- yes | head -1; echo "status=$PIPESTATUS" >&2',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('y\n');
    // SIGPIPE killed `yes`; awsrole ends with the status a shell shows for that, and prints nothing.
    expect(r.stderr).toBe(`status=${128 + 13}\n`);
    expect(r.ms).toBeLessThan(5_000);
  });

  it('200 MB through the pipe reach the reader while awsrole stays small (no buffering)', async () => {
    const child = spawn(
      process.execPath,
      [AWSROLE_BIN, 'exec', ROLE, '--', 'head', '-c', String(HUGE), '/dev/zero'],
      { env: cliEnv(env), cwd: home.dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const pid = child.pid ?? 0;
    let bytes = 0;
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      peak = Math.max(peak, peakRss(pid));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code, stderr).toBe(0);
    expect(bytes).toBe(HUGE);
    expect(stderr).toBe('');
    // A Node process on the cached path is well under 150 MB; buffering 200 MB would show.
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(150 * 1024 * 1024);
  }, 60_000);
});

// The helper path with real processes: scrubbed environment, the group killed on a time-out or too
// much output (nothing it started is left running), and a non-zero exit left to the caller.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { runHelper, startHelper } from '../../../src/run/helper-process.js';
import { helperEnv, processEnv } from '../../../src/run/process-env.js';

const PASSPHRASE = 'helper test passphrase';
const BASE = { name: 'test helper', exitCode: ExitCode.config } as const;
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'awsrole-helper-'));
  return dir;
}

/** True while the process exists and is not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('processEnv / helperEnv', () => {
  it('never passes AWSROLE_FILE_PASSPHRASE on, not even when asked to add it', () => {
    const env = processEnv(
      { AWSROLE_FILE_PASSPHRASE: PASSPHRASE, KEEP: '1' },
      { add: { AWSROLE_FILE_PASSPHRASE: PASSPHRASE } },
    );
    expect(env).toEqual({ KEEP: '1' });
  });

  it('gives a helper no AWS credentials and no awsrole secret, and keeps the rest', () => {
    const env = helperEnv({
      PATH: '/bin',
      DISPLAY: ':1',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'bearer',
      AWSROLE_FILE_PASSPHRASE: PASSPHRASE,
    });
    expect(env).toEqual({ PATH: '/bin', DISPLAY: ':1', AWS_REGION: 'eu-west-1' });
  });
});

describe('runHelper', () => {
  it('the helper sees a scrubbed environment and its stdin; output and exit status come back', async () => {
    const result = await runHelper('/bin/sh', ['-c', 'env; cat; exit 3'], {
      ...BASE,
      env: { PATH: process.env.PATH, AWSROLE_FILE_PASSPHRASE: PASSPHRASE, KEEP: 'kept' },
      input: 'from stdin',
    });
    expect(result.outcome).toEqual({ exitCode: 3 });
    expect(result.stdout).toContain('KEEP=kept');
    expect(result.stdout).toContain('from stdin');
    expect(result.stdout).not.toContain(PASSPHRASE);
  });

  it('on a time-out kills the whole group, also what the shell started, and says after how long', async () => {
    const pids = join(tempDir(), 'pids');
    const started = Date.now();
    await expect(
      runHelper('/bin/sh', ['-c', `sleep 217 & echo $! > '${pids}'; wait; echo 123456`], {
        ...BASE,
        env: process.env,
        timeoutMs: 700,
      }),
    ).rejects.toThrow(/^test helper timed out after 0\.7 s$/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const sleeper = Number(readFileSync(pids, 'utf8'));
    expect(sleeper).toBeGreaterThan(0);
    // SIGKILL is delivered at once; the orphan is then reaped by init (not a sleep-as-sync: a bound).
    for (const until = Date.now() + 5_000; running(sleeper) && Date.now() < until; ) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(running(sleeper)).toBe(false);
  });

  it('output above the limit is reported as such, not as an exit status', async () => {
    await expect(
      runHelper('/bin/sh', ['-c', 'head -c 70000 /dev/zero; sleep 30'], {
        ...BASE,
        env: process.env,
      }),
    ).rejects.toThrow(/^test helper printed more than 64 KiB$/);
  });

  it('a helper that cannot be started is named with the reason', async () => {
    const error = await runHelper('/no/such/helper', [], { ...BASE, env: process.env }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      message: 'test helper could not be started: ENOENT',
      exitCode: ExitCode.config,
    });
  });
});

describe('startHelper', () => {
  it('starts a detached helper with a scrubbed environment, or answers false', async () => {
    const out = join(tempDir(), 'env');
    const started = await startHelper(
      '/bin/sh',
      ['-c', `env > '${out}.tmp'; mv '${out}.tmp' '${out}'`],
      {
        env: { PATH: process.env.PATH, AWSROLE_FILE_PASSPHRASE: PASSPHRASE, KEEP: 'kept' },
      },
    );
    expect(started).toBe(true);
    for (const until = Date.now() + 10_000; Date.now() < until; ) {
      try {
        const env = readFileSync(out, 'utf8');
        expect(env).toContain('KEEP=kept');
        expect(env).not.toContain(PASSPHRASE);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    expect(readFileSync(out, 'utf8')).toContain('KEEP=kept');
    expect(await startHelper('/no/such/browser', [], { env: process.env })).toBe(false);
  });
});

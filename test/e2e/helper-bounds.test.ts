// mfa_process through the helper path, as a user meets it: a helper that hangs (and leaves a
// grandchild holding its pipe) is killed with everything it started after
// AWSROLE_MFA_PROCESS_TIMEOUT, too much output is named as such, awsrole interrupted while it runs
// takes the helper down with it, and the helper never sees the file store passphrase. No STS is
// reached: the code is asked for before the first call (the endpoint is a closed port).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mfaRolesConfig } from '../support/cache/mfa-suite.js';
import { cacheSandbox } from '../support/cache/peers.js';
import { startAwsrole } from '../support/cli.js';
import { closedPort, PASSPHRASE, type Sandbox } from '../support/e2e.js';

const SERIAL = 'arn:aws:iam::123456789012:mfa/tester';
const ROLE = 'arn:aws:iam::123456789012:role/Helper_Role';
const KEYS = {
  accessKeyId: 'AKIAZZZZZZZZZZEXAMPL',
  secretAccessKey: 'abcdefghijABCDEFGHIJ0123456789/+abcdefgh',
};

/** Pids of running processes whose argv is exactly `argv` (zombies waiting for init do not count). */
function processesRunning(argv: readonly string[]): number[] {
  const wanted = `${argv.join('\0')}\0`;
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (stat[stat.lastIndexOf(')') + 2] === 'Z') return false;
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === wanted;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Waits (bounded) until no process runs `argv`; returns the pids still running at the end. */
async function gone(argv: readonly string[], withinMs = 5_000): Promise<number[]> {
  const until = Date.now() + withinMs;
  while (processesRunning(argv).length > 0 && Date.now() < until) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  return processesRunning(argv);
}

describe('mfa_process runs bounded and sees no secret', () => {
  let sb: Sandbox;
  /** A sleep whose argv no other test uses, so finding it finds this test's helper. */
  let sleeper: string[];

  beforeEach(async () => {
    sb = await cacheSandbox({ endpoint: `http://127.0.0.1:${await closedPort()}` });
    await sb.addKeys('base', KEYS);
    sleeper = ['sleep', `${200 + Math.floor(Math.random() * 1000)}.5`];
  });
  afterEach(() => {
    for (const pid of processesRunning(sleeper)) process.kill(pid, 'SIGKILL');
    sb?.remove();
  });

  function useMfaProcess(command: string): void {
    sb.home.writeConfig(mfaRolesConfig(SERIAL, { 'mfa-role': ROLE }, [`mfa_process = ${command}`]));
  }

  it('a hanging `sleep; echo` is killed with its grandchild after AWSROLE_MFA_PROCESS_TIMEOUT', async () => {
    useMfaProcess(`${sleeper.join(' ')}; echo 123456`);
    const started = Date.now();
    const r = await sb.run(['exec', 'mfa-role', '--', 'true'], {
      env: { AWSROLE_MFA_PROCESS_TIMEOUT: '1' },
    });
    expect(r.stderr).toBe(
      'awsrole: mfa_process timed out after 1 s (check the mfa_process command in your AWS config)\n',
    );
    expect(r.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await gone(sleeper)).toEqual([]);
  });

  it('an AWSROLE_MFA_PROCESS_TIMEOUT that is not a number of seconds is refused before running it', async () => {
    const marker = join(sb.home.dir, 'ran');
    useMfaProcess(`touch '${marker}'; echo 123456`);
    const r = await sb.run(['exec', 'mfa-role', '--', 'true'], {
      env: { AWSROLE_MFA_PROCESS_TIMEOUT: '1m' },
    });
    expect(r.stderr).toMatch(
      /^awsrole: AWSROLE_MFA_PROCESS_TIMEOUT is not a number of seconds: "1m"/,
    );
    expect(r.code).toBe(2);
    expect(existsSync(marker)).toBe(false);
  });

  it('output above the limit is reported as too much output, not as an exit status', async () => {
    useMfaProcess(`head -c 100000 /dev/zero; ${sleeper.join(' ')}`);
    const r = await sb.run(['exec', 'mfa-role', '--', 'true']);
    expect(r.stderr).toBe(
      'awsrole: mfa_process printed more than 64 KiB (check the mfa_process command in your AWS config)\n',
    );
    expect(r.code).toBe(3);
    expect(await gone(sleeper)).toEqual([]);
  });

  it('awsrole stopped by SIGTERM while mfa_process runs takes the whole helper group with it', async () => {
    const started = join(sb.home.dir, 'started');
    useMfaProcess(`touch '${started}'; ${sleeper.join(' ')}; echo 123456`);
    const run = startAwsrole(['exec', 'mfa-role', '--', 'true'], {
      env: { ...sb.env, HOME: sb.home.dir },
      timeoutMs: 20_000,
    });
    // Bounded wait for the helper to start (the file appears), then the signal.
    for (const until = Date.now() + 15_000; processesRunning(sleeper).length === 0; ) {
      if (Date.now() > until) throw new Error(`mfa_process never started: ${run.output().stderr}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(existsSync(started)).toBe(true);
    run.child.kill('SIGTERM');
    const r = await run.result;
    expect(r.timedOut).toBeFalsy();
    expect(r.code).toBe(143);
    expect(await gone(sleeper)).toEqual([]);
  });

  it('the helper gets no AWSROLE_FILE_PASSPHRASE and no AWS credentials from the environment', async () => {
    const dump = join(sb.home.dir, 'mfa-env');
    useMfaProcess(`env > '${dump}'; echo 123456`);
    await sb.run(['exec', 'mfa-role', '--', 'true'], {
      env: { AWS_SECRET_ACCESS_KEY: 'parent-secret-access-key', AWS_ACCESS_KEY_ID: 'AKIAPARENT' },
    });
    const env = readFileSync(dump, 'utf8');
    expect(env).toContain(`HOME=${sb.home.dir}`);
    expect(env).not.toContain(PASSPHRASE);
    expect(env).not.toMatch(/^(AWSROLE_FILE_PASSPHRASE|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID)=/m);
  });
});

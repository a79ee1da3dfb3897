// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
// How exec runs its child: exit status and signals pass through, 126/127, nesting, the subshell.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type CliEnv,
  type RunResult,
  runAwsrole,
  runAwsroleInPty,
  startAwsrole,
} from '../support/cli.js';
import { stderrLines } from '../support/e2e.js';
import { useWalkthroughUser } from '../support/e2e-setup.js';
import type { TempHome } from '../support/home.js';
import { motoPresent } from '../support/moto.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const TRAP = fixture('trap-signals.sh');
const FAKE_SHELL = fixture('fake-shell.sh');
const ROLE = 'S3_Full_Access';

describe.skipIf(!motoPresent())('exec: the child process', () => {
  let home: TempHome;
  let env: CliEnv;

  useWalkthroughUser({ trusted: true }, (u) => {
    ({ home, env } = u);
  });

  const exec = (command: string[], extra: Partial<CliEnv> = {}, input?: string) =>
    runAwsrole(['exec', ROLE, '--', ...command], { env: { ...env, ...extra }, input });

  function expectOneErrorLine(r: RunResult, pattern: RegExp): void {
    const lines = stderrLines(r);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  }

  describe('exit status', () => {
    it.each([0, 1, 42])('passes exit status %i through', async (status) => {
      const r = await exec(['sh', '-c', `echo out; exit ${status}`]);
      expect(r.code, r.stderr).toBe(status);
      expect(r.signal).toBeNull();
      expect(r.stdout).toBe('out\n');
    });

    it.each(['SIGTERM', 'SIGKILL'] as const)(
      'ends by %s when the child was killed by it',
      async (signal) => {
        const r = await exec(['sh', '-c', `kill -${signal.slice(3)} $$`]);
        expect(r.signal, r.stderr).toBe(signal);
        expect(r.code).toBeNull();
      },
    );

    it('command not found: exit 127 with one line', async () => {
      const r = await exec(['awsrole-no-such-command', 'arg']);
      expect(r.code).toBe(127);
      expectOneErrorLine(r, /command not found: awsrole-no-such-command/);
      expect(r.stdout).toBe('');
    });

    it('found but not executable: exit 126 with one line', async () => {
      const script = home.write('not-executable.sh', '#!/bin/sh\necho ran\n', 0o644);
      const r = await exec([script]);
      expect(r.code).toBe(126);
      expectOneErrorLine(r, /cannot execute .*not-executable\.sh/);
      expect(r.stdout).toBe('');
    });

    it('a directory as the command: exit 126 saying it is a directory, not "chmod +x"', async () => {
      const r = await exec([home.dir]);
      expect(r.code).toBe(126);
      expectOneErrorLine(r, /^awsrole: cannot execute .+: it is a directory \(/);
      expect(r.stderr).not.toMatch(/chmod|permission/);
    });

    it('a script whose #! interpreter is missing: exit 126 naming the interpreter, not "command not found"', async () => {
      const script = home.write('bad-interp.sh', '#!/nonexistent/bin/interp -x\necho ran\n', 0o755);
      const r = await exec([script]);
      expect(r.code).toBe(126);
      expectOneErrorLine(
        r,
        /^awsrole: cannot execute .*bad-interp\.sh: its interpreter \/nonexistent\/bin\/interp \(named on its #! line\) does not exist/,
      );
    });

    it('a script with Windows line endings: exit 126 saying so', async () => {
      const script = home.write('crlf.sh', '#!/bin/sh\r\necho ran\r\n', 0o755);
      const r = await exec([script]);
      expect(r.code).toBe(126);
      expectOneErrorLine(r, /its #! line ends with a carriage return \(Windows line endings\)/);
    });
  });

  describe('signals sent to awsrole (no terminal)', () => {
    it.each([
      ['SIGINT', 42, 'INT'],
      ['SIGTERM', 43, 'TERM'],
      ['SIGHUP', 44, 'HUP'],
    ] as const)(
      '%s reaches the child; awsrole waits for it and passes its status',
      async (signal, status, marker) => {
        const mark = home.path('mark');
        const running = startAwsrole(['exec', ROLE, '--', TRAP], {
          env: { ...env, MARK: mark },
          timeoutMs: 10_000,
        });
        let markedWhenAwsroleExited: boolean | undefined;
        running.child.once('exit', () => {
          markedWhenAwsroleExited = existsSync(mark);
        });
        await running.waitForStdout(/ready/);
        process.kill(running.pid, signal);
        const r = await running.result;
        expect(r.code, r.stderr).toBe(status);
        expect(readFileSync(mark, 'utf8').trim()).toBe(marker);
        // The child writes the mark 0.5 s after the signal: awsrole must still have been waiting.
        expect(markedWhenAwsroleExited).toBe(true);
      },
    );
    it('a child that does not trap SIGINT dies of it, and awsrole ends by SIGINT too', async () => {
      const running = startAwsrole(['exec', ROLE, '--', 'sh', '-c', 'echo ready; exec sleep 20'], {
        env,
        timeoutMs: 10_000,
      });
      await running.waitForStdout(/ready/);
      process.kill(running.pid, 'SIGINT');
      const r = await running.result;
      expect(r.timedOut).toBe(false);
      expect(r.signal, r.stderr).toBe('SIGINT');
      expect(r.ms).toBeLessThan(5_000);
    });
  });

  describe('Ctrl-C on a terminal (awsrole and the child in the foreground group)', () => {
    it('the child decides: a trapping child finishes and awsrole passes its status', async () => {
      const mark = home.path('mark');
      const r = await runAwsroleInPty(['exec', ROLE, '--', TRAP], {
        env: { ...env, MARK: mark },
        steps: [{ expect: 'ready', send: '\u0003' }],
      });
      expect(r.timedOut, r.transcript).toBe(false);
      expect(r.code, r.transcript).toBe(42);
      expect(readFileSync(mark, 'utf8').trim()).toBe('INT');
    });

    it('a child that dies of it takes awsrole with it (ends by SIGINT)', async () => {
      const r = await runAwsroleInPty(
        ['exec', ROLE, '--', 'sh', '-c', 'echo ready; exec sleep 20'],
        {
          env,
          steps: [{ expect: 'ready', send: '\u0003' }],
          timeoutMs: 10_000,
        },
      );
      expect(r.timedOut, r.transcript).toBe(false);
      expect(r.signal, r.transcript).toBe('SIGINT');
    });
  });

  describe('nesting and the command line', () => {
    it('refuses to run inside another awsrole session (exit 7) and says how to leave', async () => {
      const r = await exec(['true'], { AWSROLE: 'Outer_Role' });
      expect(r.code).toBe(7);
      expectOneErrorLine(r, /already in an awsrole session for "Outer_Role"/);
      expect(r.stderr).toMatch(/`exit`/);
      expect(r.stdout).toBe('');
    });

    it('a role that is no profile, ARN or role name: exit 3 naming the known profiles', async () => {
      home.writeConfig('[profile s3]\nrole_arn = arn:aws:iam::123456789012:role/S3_Full_Access\n');
      const r = await runAwsrole(['exec', 'no such role!', '--', 'true'], { env });
      expect(r.code).toBe(3);
      expectOneErrorLine(r, /"no such role!" .*not a profile .*a role ARN, or a role name/);
      expect(r.stderr).toMatch(/known profiles: s3/);
    });

    it('a malformed role ARN: exit 2 saying what is wrong', async () => {
      const r = await runAwsrole(['exec', 'arn:aws:iam::12345:role/x', '--', 'true'], { env });
      expect(r.code).toBe(2);
      expectOneErrorLine(
        r,
        /not a valid IAM role ARN \(the account id must be exactly 12 digits\)/,
      );
    });

    it('words after the role without -- are a usage error (exit 2) that shows where -- goes', async () => {
      const r = await runAwsrole(['exec', ROLE, 'aws', 's3', 'ls'], { env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expectOneErrorLine(r, /awsrole exec .*-- /);
    });
  });

  describe('no command: a subshell', () => {
    it('starts $SHELL with the role and passes its exit status (no notice without a terminal)', async () => {
      const r = await runAwsrole(['exec', ROLE], { env: { ...env, SHELL: FAKE_SHELL } });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toBe(`fake-shell args=0 AWSROLE=${ROLE} key=ASIA stdin-tty=no\n`);
      expect(r.stderr).toBe('');
    });

    it('falls back to /bin/sh without $SHELL', async () => {
      const r = await runAwsrole(['exec', ROLE], {
        env: { ...env, SHELL: undefined },
        input: 'echo "in sh as $AWSROLE"; exit 4\n',
      });
      expect(r.code, r.stderr).toBe(4);
      expect(r.stdout).toBe(`in sh as ${ROLE}\n`);
    });

    it('under a terminal prints one notice on stderr, leaving stdout to the shell', async () => {
      const r = await runAwsroleInPty(['exec', ROLE], {
        env: { ...env, SHELL: FAKE_SHELL },
        stdoutPipe: true,
      });
      expect(r.timedOut).toBe(false);
      expect(r.code, r.transcript).toBe(3);
      expect(r.stdout).toBe(`fake-shell args=0 AWSROLE=${ROLE} key=ASIA stdin-tty=yes\n`);
      const notices = r.transcript.split(/\r?\n/).filter((l) => l.startsWith('awsrole:'));
      expect(notices).toEqual([
        `awsrole: started ${FAKE_SHELL} as ${ROLE}; type \`exit\` to leave it`,
      ]);
    });
  });
});

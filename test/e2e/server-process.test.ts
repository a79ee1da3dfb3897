// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
// exec --server end to end: exit status and signals pass through, subshell mode, and
// AWSROLE_SERVER / --no-server choosing the mode.
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsroleArgv } from '../support/cli.js';
import type { Sandbox } from '../support/e2e.js';
import { motoPresent } from '../support/moto.js';
import { execServerArgs, FIXTURES, lastJson, waitForFile } from '../support/server/peers.js';
import { useTrustedSandbox } from '../support/server/suite.js';

const ROLE_ARN = /^arn:aws:sts::123456789012:assumed-role\/S3_Full_Access\/awsrole-/m;

type EnvReport = { fullUri: string | null; present: string[]; status: number | string };

describe.skipIf(!motoPresent())('exec --server: process', () => {
  let box: Sandbox;
  /** Starts awsrole with a fresh OUT_DIR for the child's markers. */
  const start = (args: string[]) => {
    const out = mkdtempSync(join(box.out, 'run-'));
    const running = box.start(args, { env: { OUT_DIR: out } });
    return { ...running, out };
  };

  // afterEach also kills the background `sleep` of trap.sh.
  useTrustedSandbox((s) => {
    ({ box } = s);
  });

  it('passes the exit status through after the child used the endpoint', async () => {
    const run = await box.run(
      execServerArgs([
        'sh',
        '-c',
        'aws sts get-caller-identity --query Arn --output text && exit 7',
      ]),
    );
    expect(run.stdout).toMatch(ROLE_ARN);
    expect(run.code).toBe(7);
  });

  it('a command that does not exist: 127, as in plain exec', async () => {
    const run = await box.run(execServerArgs(['no-such-command-xyz']));
    expect(run.code).toBe(127);
    expect(run.stderr).toMatch(/command not found: no-such-command-xyz/);
  });

  for (const [signal, code] of [
    ['SIGINT', 42],
    ['SIGTERM', 43],
  ] as const) {
    it(`relays ${signal} to the child, which traps it; its exit status passes through`, async () => {
      const running = start(
        execServerArgs([join(FIXTURES, 'trap.sh'), signal.slice(3), String(code)]),
      );
      await waitForFile(join(running.out, 'ready'));
      expect(readFileSync(join(running.out, 'arn'), 'utf8')).toMatch(ROLE_ARN);
      process.kill(running.child.pid as number, signal);
      const run = await running.result;
      expect(readFileSync(join(running.out, 'trapped'), 'utf8')).toBe(`got ${signal.slice(3)}\n`);
      expect(run).toMatchObject({ code, signal: null });
    });
  }

  it('dies by SIGTERM when the child is killed by the relayed SIGTERM', async () => {
    const running = start(
      execServerArgs([
        'sh',
        '-c',
        'aws sts get-caller-identity --query Arn --output text > "$OUT_DIR/arn" && : > "$OUT_DIR/ready" && exec sleep 30',
      ]),
    );
    await waitForFile(join(running.out, 'ready'));
    expect(readFileSync(join(running.out, 'arn'), 'utf8')).toMatch(ROLE_ARN);
    process.kill(running.child.pid as number, 'SIGTERM');
    const run = await running.result;
    expect(run).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(run.ms).toBeLessThan(20_000);
  });

  it('subshell mode: $SHELL gets the endpoint (no static keys) and uses it', async () => {
    const run = await box.run(['exec', '--server', 'S3_Full_Access'], {
      env: { SHELL: join(FIXTURES, 'shell.sh') },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/^static:/m);
    expect(run.stdout).toMatch(/^uri:http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(run.stdout).toMatch(ROLE_ARN);
  });

  it('awsrole whoami --verify inside a server-mode session asks STS with the served credentials', async () => {
    const run = await box.run(execServerArgs(awsroleArgv(['whoami', '--verify'])));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^role: +S3_Full_Access$/m);
    expect(run.stdout).toMatch(/^arn: +arn:aws:sts::123456789012:assumed-role\/S3_Full_Access\//m);
  });

  it('AWSROLE_SERVER=1 makes server mode the default, for commands and subshells', async () => {
    const env = { AWSROLE_SERVER: '1' };
    const run = await box.run(
      ['exec', 'S3_Full_Access', '--', 'node', join(FIXTURES, 'report-env.mjs')],
      { env },
    );
    expect(run.code).toBe(0);
    const report = lastJson<EnvReport>(run.stdout);
    expect(report.fullUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(report.status).toBe(200);
    expect(report.present).not.toContain('AWS_ACCESS_KEY_ID');

    const shell = await box.run(['exec', 'S3_Full_Access'], {
      env: { ...env, SHELL: join(FIXTURES, 'shell.sh') },
    });
    expect(shell.stdout).toMatch(/^uri:http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(shell.stdout).toMatch(ROLE_ARN);
  });

  it('--no-server turns AWSROLE_SERVER=1 off: static keys as in plain exec', async () => {
    const run = await box.run(
      ['exec', '--no-server', 'S3_Full_Access', '--', 'node', join(FIXTURES, 'report-env.mjs')],
      { env: { AWSROLE_SERVER: '1' } },
    );
    expect(run.code).toBe(0);
    const report = lastJson<EnvReport>(run.stdout);
    expect(report.fullUri).toBeNull();
    expect(report.present).toEqual(
      expect.arrayContaining(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']),
    );
  });

  it('without AWSROLE_SERVER plain exec stays the default', async () => {
    const run = await box.run([
      'exec',
      'S3_Full_Access',
      '--',
      'node',
      join(FIXTURES, 'report-env.mjs'),
    ]);
    const report = lastJson<EnvReport>(run.stdout);
    expect(report.fullUri).toBeNull();
    expect(report.present).toContain('AWS_ACCESS_KEY_ID');
  });
});

// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
// exec --server end to end: real clients (aws CLI, botocore, JS SDK) get a role's credentials
// from awsrole's local endpoint against moto_server with IAM enforcement.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../support/e2e.js';
import { type Moto, motoPresent } from '../support/moto.js';
import {
  argvContaining,
  execServerArgs,
  FIXTURES,
  lastJson,
  runAws,
  waitForFile,
} from '../support/server/peers.js';
import { useTrustedSandbox } from '../support/server/suite.js';
import type { Walkthrough } from '../support/walkthrough.js';

const SECRET_FIELDS = ['AccessKeyId', 'SecretAccessKey', 'Token', 'SessionToken'];

describe.skipIf(!motoPresent())('exec --server: clients', () => {
  let moto: Moto;
  let w: Walkthrough;
  let box: Sandbox;
  const exec = (args: string[], env: Record<string, string> = {}) =>
    box.run(execServerArgs(args), {
      env: { OUT_DIR: box.out, ...env },
    });

  useTrustedSandbox((s) => {
    ({ moto, w, box } = s);
  });

  it('the aws CLI (botocore container provider) runs get-caller-identity as the role', async () => {
    const run = await exec(['aws', 'sts', 'get-caller-identity', '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).Arn).toMatch(
      /^arn:aws:sts::123456789012:assumed-role\/S3_Full_Access\/awsrole-/,
    );
  });

  it('the aws CLI copies a file to the bucket the user alone may not write to', async () => {
    const file = join(box.home.dir, 'testfile.txt');
    writeFileSync(file, 'served by awsrole\n');
    // Control: the user's own keys are read-only for S3.
    const denied = await runAws(['s3', 'cp', file, `s3://${w.bucket}/denied.txt`], {
      HOME: box.home.dir,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: w.user.accessKeyId,
      AWS_SECRET_ACCESS_KEY: w.user.secretAccessKey,
    });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/AccessDenied/);

    const put = await exec(['aws', 's3', 'cp', file, `s3://${w.bucket}/testfile.txt`]);
    expect(put.code).toBe(0);
    expect(put.stdout).toMatch(/upload: .*testfile\.txt to s3:\/\/a\.demo\.bucket\/testfile\.txt/);
    const get = await exec(['aws', 's3', 'cp', `s3://${w.bucket}/testfile.txt`, '-']);
    expect(get.code).toBe(0);
    expect(get.stdout).toBe('served by awsrole\n');
  });

  it('the JS SDK default chain (container provider) calls GetCallerIdentity as the role', async () => {
    const run = await exec(['node', join(FIXTURES, 'sdk-identity.mjs')]);
    expect(run.code).toBe(0);
    const got = lastJson<{ arn: string; keyId: string }>(run.stdout);
    expect(got.arn).toMatch(/:assumed-role\/S3_Full_Access\//);
    expect(got.keyId).toMatch(/^ASIA/);
  });

  it('gives the child the endpoint and a fresh >=128-bit token, never static keys, never in argv or output', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const out = join(box.out, `run${i}`);
      mkdirSync(out);
      const running = box.start(execServerArgs(['node', join(FIXTURES, 'report-env.mjs')]), {
        env: { OUT_DIR: out },
      });
      await waitForFile(join(out, 'ready'));
      const token = readFileSync(join(out, 'token'), 'utf8');
      // While the child runs: no process on the machine carries the token in its argv.
      expect(argvContaining(token)).toEqual([]);
      expect(argvContaining('AWS_CONTAINER_AUTHORIZATION_TOKEN')).toEqual([]);
      writeFileSync(join(out, 'release'), '');
      const run = await running.result;
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain(token);
      expect(run.stderr).not.toContain(token);
      const report = lastJson<{
        fullUri: string;
        hasToken: boolean;
        present: string[];
        status: number;
        fields: string[];
        expiration: string;
      }>(run.stdout);
      expect(report.fullUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(report.hasToken).toBe(true);
      expect(report.present).toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI');
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
        expect(report.present).not.toContain(name);
      }
      expect(report.status).toBe(200);
      expect(report.fields).toEqual(['AccessKeyId', 'Expiration', 'SecretAccessKey', 'Token']);
      expect(Date.parse(report.expiration)).toBeGreaterThan(Date.now());
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
      tokens.push(token);
    }
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('refuses requests without the token (401), with a wrong one (403) and other methods (405)', async () => {
    const run = await exec(['node', join(FIXTURES, 'probe.mjs')]);
    expect(run.code).toBe(0);
    type Answer = { status: number; type: string; body: string };
    const r = lastJson<Record<string, Answer> & { ok: number }>(run.stdout);
    expect(r.ok).toBe(200);
    const expected: Record<string, number> = {
      missing: 401,
      wrong: 403,
      short: 403,
      bearer: 403,
      post: 405,
      put: 405,
    };
    for (const [name, status] of Object.entries(expected)) {
      const answer = r[name] as Answer;
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect(answer.type).toBe('application/json');
      const body = JSON.parse(answer.body) as Record<string, unknown>;
      expect(typeof body.Message).toBe('string');
      for (const field of SECRET_FIELDS) expect(body).not.toHaveProperty(field);
      expect(answer.body).not.toMatch(/ASIA[A-Z0-9]{16}/);
    }
  });

  it('stops the endpoint when the child exits, even for a grandchild left behind', {
    timeout: 60_000,
  }, async () => {
    const run = await exec(['node', join(FIXTURES, 'outlive.mjs')]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(box.out, 'first.json'), 'utf8'))).toBe(200);
    await waitForFile(join(box.out, 'later.json'), 30_000).catch((error: Error) => {
      const log = join(box.out, 'later.log');
      throw new Error(`${error.message}\ngrandchild log:\n${readFileSync(log, 'utf8')}`);
    });
    const later = JSON.parse(readFileSync(join(box.out, 'later.json'), 'utf8')) as unknown[];
    expect(later.at(-1)).toBe('ECONNREFUSED');
  });
});

// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
// exec --server end to end: renewal while the child runs, and what the child sees when
// renewal is slow or impossible (a fault-injecting proxy sits between awsrole and moto).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../support/e2e.js';
import { type Moto, motoPresent } from '../support/moto.js';
import type { AwsProxy } from '../support/server/aws-proxy.js';
import {
  execServerArgs,
  FIXTURES,
  lastJson,
  phaseOutputs,
  trustedWalkthrough,
  waitForFile,
} from '../support/server/peers.js';
import { useProxiedSandbox } from '../support/server/suite.js';

type Fetch = {
  at: number;
  status: number;
  ms: number;
  keyId: string | null;
  expiration: string | null;
  message: string | null;
  now: string;
};

/** Renew 5 s after the credentials were issued (15m lifetime, 14m55s minimum TTL). */
const RENEW_AFTER_5S = ['--duration', '15m', '--min-ttl', '14m55s'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!motoPresent())('exec --server: renewal', () => {
  let moto: Moto;
  let proxy: AwsProxy;
  let box: Sandbox;

  useProxiedSandbox(
    trustedWalkthrough,
    ({ w }) => ({ keys: w.user }),
    (s) => {
      ({ moto, proxy, box } = s);
    },
  );
  /** Starts `exec --server FLAGS S3_Full_Access -- two-phase.sh CHILD...`, markers in box.out. */
  const twoPhase = (flags: string[], child: string[], env: Record<string, string>) =>
    box.start(execServerArgs([join(FIXTURES, 'two-phase.sh'), ...child], flags), {
      env: { OUT_DIR: box.out, ...env },
    });

  it('a child fetching for 8 s sees renewed credentials, every answer 200, fast and unexpired', async () => {
    const run = await box.run(
      execServerArgs(['node', join(FIXTURES, 'fetch-loop.mjs')], RENEW_AFTER_5S),
      { env: { LOOP_MS: '8000' } },
    );
    expect(run.code).toBe(0);
    const fetches = lastJson<Fetch[]>(run.stdout);
    expect(fetches.length).toBeGreaterThan(15);
    for (const f of fetches) {
      expect(f.status).toBe(200);
      expect(Date.parse(f.expiration ?? '')).toBeGreaterThan(Date.parse(f.now));
      // Under the JS SDK's 1000 ms timeout, renewals included.
      expect(f.ms).toBeLessThan(1000);
    }
    const keys = new Set(fetches.map((f) => f.keyId));
    expect(keys.size).toBeGreaterThanOrEqual(2);
    // One AssumeRole up front, then at most one per renewal (not one per request).
    const assumes = proxy.actions.filter((a) => a === 'AssumeRole').length;
    expect(assumes).toBeGreaterThanOrEqual(2);
    expect(assumes).toBeLessThanOrEqual(4);
  });

  it('botocore (the aws CLI library) keeps calling STS across renewals without a failure', async () => {
    const run = await box.run(
      execServerArgs(['python3', join(FIXTURES, 'boto-loop.py')], RENEW_AFTER_5S),
      // The child calls moto directly; only awsrole goes through the proxy.
      { env: { AWS_ENDPOINT_URL: moto.endpoint, LOOP_MS: '8000' }, timeoutMs: 60_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const got = lastJson<{ method: string; calls: { ok: boolean; arn: string; keyId: string }[] }>(
      run.stdout,
    );
    expect(got.method).toBe('container-role');
    expect(got.calls.length).toBeGreaterThan(5);
    for (const call of got.calls) {
      expect(call).toMatchObject({
        ok: true,
        arn: expect.stringMatching(/assumed-role\/S3_Full_Access\//),
      });
    }
    expect(new Set(got.calls.map((c) => c.keyId)).size).toBeGreaterThanOrEqual(2);
  });

  it('while STS hangs, a due renewal does not hold up the child: the JS SDK still gets credentials', {
    timeout: 60_000,
  }, async () => {
    const running = twoPhase(RENEW_AFTER_5S, ['node', join(FIXTURES, 'sdk-identity.mjs')], {
      CHILD_ENDPOINT: moto.endpoint,
    });
    await waitForFile(join(box.out, 'ready'));
    await sleep(5500); // the credentials are now due for renewal
    proxy.mode = 'hang';
    writeFileSync(join(box.out, 'release'), '');
    const run = await running.result;
    expect(run.code).toBe(0);
    type Identity = { arn?: string; keyId?: string; error?: string; ms: number };
    const [first, second] = phaseOutputs(run.stdout).map((out) => lastJson<Identity>(out));
    expect(second?.error).toBeUndefined();
    expect(second?.arn).toMatch(/assumed-role\/S3_Full_Access\//);
    // The credentials in hand, served at once while the renewal waits on STS.
    expect(second?.keyId).toBe(first?.keyId);
    expect(proxy.actions.at(-1)).toBe('AssumeRole'); // the renewal was attempted
  });

  it('when the credentials run out and STS is unreachable, the endpoint answers 500 with the reason, promptly', async () => {
    proxy.roleExpiresInSeconds = 5; // every request finds them about to expire
    const running = twoPhase([], ['node', join(FIXTURES, 'fetch-loop.mjs')], { LOOP_MS: '0' });
    await waitForFile(join(box.out, 'ready'));
    proxy.mode = 'down';
    writeFileSync(join(box.out, 'release'), '');
    const run = await running.result;
    const [first, second] = phaseOutputs(run.stdout).map((out) => lastJson<Fetch[]>(out)[0]);
    expect(first?.status).toBe(200);
    expect(second?.status).toBe(500);
    expect(second?.message).toMatch(/S3_Full_Access/);
    expect(second?.message).toMatch(/unreachable/);
    expect(second?.ms).toBeLessThan(20_000);
    expect(second?.keyId).toBeNull();
    // awsrole tells the user too (stderr), once.
    expect(run.stderr).toMatch(/could not renew/);
  });

  it("the aws CLI shows the endpoint's reason when renewal is impossible", async () => {
    proxy.roleExpiresInSeconds = 5;
    const running = twoPhase(
      [],
      ['aws', 'sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'],
      { CHILD_ENDPOINT: moto.endpoint },
    );
    await waitForFile(join(box.out, 'ready'));
    proxy.mode = 'down';
    const released = Date.now();
    writeFileSync(join(box.out, 'release'), '');
    const run = await running.result;
    expect(Date.now() - released).toBeLessThan(20_000);
    expect(run.stdout).toMatch(/assumed-role\/S3_Full_Access\/.*\nphase1:0\n/);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/container-role/);
    expect(run.stderr).toMatch(/500/);
    expect(run.stderr).toMatch(/could not renew the credentials for "S3_Full_Access"/);
  });

  it('the JS SDK fails in bounded time when renewal is impossible, and awsrole says why on stderr', async () => {
    proxy.roleExpiresInSeconds = 5;
    const running = twoPhase([], ['node', join(FIXTURES, 'sdk-identity.mjs')], {
      CHILD_ENDPOINT: moto.endpoint,
    });
    await waitForFile(join(box.out, 'ready'));
    proxy.mode = 'down';
    writeFileSync(join(box.out, 'release'), '');
    const run = await running.result;
    type Identity = { arn?: string; error?: string; ms: number };
    const [first, second] = phaseOutputs(run.stdout).map((out) => lastJson<Identity>(out));
    expect(first?.arn).toMatch(/assumed-role\/S3_Full_Access\//);
    // The JS SDK does not show an endpoint's 500 body: awsrole's own line on stderr does.
    expect(second?.error).toMatch(/CredentialsProviderError|Could not load credentials/);
    expect(second?.ms).toBeLessThan(20_000);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^awsrole: could not renew the credentials for "S3_Full_Access": .*STS endpoint unreachable \(ECONNRESET\)/m,
    );
  });

  it('moto stopped after the first fetch: the still-valid credentials keep being served', async () => {
    // Last in this file: it stops the shared moto_server.
    const running = twoPhase(RENEW_AFTER_5S, ['node', join(FIXTURES, 'fetch-loop.mjs')], {
      LOOP_MS: '1500',
    });
    await waitForFile(join(box.out, 'ready'));
    await moto.stop();
    await sleep(5500);
    writeFileSync(join(box.out, 'release'), '');
    const run = await running.result;
    expect(run.code).toBe(0);
    const phases = phaseOutputs(run.stdout).map((out) => lastJson<Fetch[]>(out));
    const firstKey = phases[0]?.[0]?.keyId;
    for (const f of phases[1] ?? []) {
      expect(f).toMatchObject({ status: 200, keyId: firstKey });
      expect(f.ms).toBeLessThan(1000);
    }
    expect(run.stderr).toMatch(/could not renew the credentials for "S3_Full_Access"/);
  });
});

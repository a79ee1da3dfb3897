// The STS call's time limit measures the network, not the SDK's work before the first request:
// on a large ~/.aws/config the SDK spends seconds of CPU resolving its configuration (4,500
// profiles: ~2 s here), which a limit armed at the call reported as "STS endpoint unreachable
// (timed out)". Real SDK, loopback fake STS (no real peer answers on loopback).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkSts } from '../../../src/credentials/sts-sdk.js';
import { type FakeSts, startFakeSts } from '../../support/fakes/sts-server.js';

const KEYS = {
  accessKeyId: 'AKIAZZZZZZZZZZEXAMPL',
  secretAccessKey: 'abcdefghijABCDEFGHIJ0123456789/+abcdefgh',
};
const LIMITS = {
  connectTimeoutMs: 3000,
  requestTimeoutMs: 20_000,
  totalTimeoutMs: 600,
  maxAttempts: 1,
};
const SAVED = [
  'AWS_CONFIG_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];

describe('STS time limits measure the network call', () => {
  let dir: string;
  let saved: Record<string, string | undefined>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'awsrole-deadline-'));
    saved = Object.fromEntries(SAVED.map((k) => [k, process.env[k]]));
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('a config the SDK takes longer than the limit to read does not time the call out', async () => {
    // 9,000 profiles: the SDK's reading takes ~0.8 s on a quiet machine of this kind, well past the
    // 300 ms limit of this test, and seconds under load; the loopback answer itself takes ms.
    const limits = { ...LIMITS, totalTimeoutMs: 300 };
    const sections = Array.from(
      { length: 9000 },
      (_, i) =>
        `[profile p${i}]\nrole_arn = arn:aws:iam::123456789012:role/R${i}\nsource_profile = default\nregion = us-east-1\n`,
    );
    const config = join(dir, 'config');
    writeFileSync(config, `[default]\nregion = us-east-1\n${sections.join('')}`);
    let sts: FakeSts | undefined;
    try {
      sts = await startFakeSts();
      process.env.AWS_CONFIG_FILE = config;
      process.env.AWS_ENDPOINT_URL = sts.endpoint;
      const started = Date.now();
      const identity = await sdkSts(limits).getCallerIdentity(KEYS, 'us-east-1');
      expect(identity.account).toBe('123456789012');
      // The call did take longer than the limit: the SDK's own work before the request.
      expect(Date.now() - started).toBeGreaterThan(limits.totalTimeoutMs);
      expect(sts.requests).toHaveLength(1);
    } finally {
      await sts?.stop();
    }
  }, 60_000);

  it('an endpoint that accepts and never answers still times out at the limit', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      process.env.AWS_CONFIG_FILE = join(dir, 'none');
      process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`;
      const started = Date.now();
      await expect(sdkSts(LIMITS).getCallerIdentity(KEYS, 'us-east-1')).rejects.toThrow(
        /STS endpoint unreachable \(timed out\)/,
      );
      expect(Date.now() - started).toBeLessThan(LIMITS.requestTimeoutMs);
    } finally {
      silent.close();
    }
  }, 30_000);
});

// The STS call's time limit measures the network, not the SDK's work before the first request:
// when the SDK still parsed all of a large ~/.aws/config before each call (4,500 profiles: ~2 s
// here), a limit armed at the call reported that as "STS endpoint unreachable (timed out)".
// Real SDK, loopback fake STS (no real peer answers on loopback).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withNetworkDeadline } from '../../../src/credentials/network-deadline.js';
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

  it('work before the first request does not count: the call answers after more than the limit', async () => {
    // The SDK's own work before it sends (resolving its settings: on a large ~/.aws/config that
    // was seconds of parsing) is stood in for by a step that waits 1.5 s; the limit is 1 s, the
    // loopback answer itself takes ms.
    let sts: FakeSts | undefined;
    try {
      sts = await startFakeSts();
      process.env.AWS_CONFIG_FILE = join(dir, 'none');
      const endpoint = sts.endpoint;
      const started = Date.now();
      const out = await withNetworkDeadline(1000, (deadline) => {
        const client = deadline.watch(
          new STSClient({ region: 'us-east-1', endpoint, credentials: KEYS, maxAttempts: 1 }),
        );
        client.middlewareStack.add(
          (next) => async (args) => {
            await new Promise((resolve) => setTimeout(resolve, 1500));
            return next(args);
          },
          { step: 'initialize' },
        );
        return client.send(new GetCallerIdentityCommand({}), { abortSignal: deadline.signal });
      });
      expect(out.Account).toBe('123456789012');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
      expect(sts.requests).toHaveLength(1);
    } finally {
      await sts?.stop();
    }
  }, 30_000);

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

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunResult } from '../cli.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../e2e.js';
import { type Moto, startMotoWith } from '../moto.js';
import { type RecordingProxy, startRecordingProxy } from '../recording-proxy.js';
import { seedWalkthrough, WALKTHROUGH_FREE_CALLS, type Walkthrough } from '../walkthrough.js';

export type CachePeers = {
  moto: Moto;
  w: Walkthrough;
  /** In front of moto; every sandbox's AWS_ENDPOINT_URL. */
  proxy: RecordingProxy;
  stop(): Promise<void>;
};

// moto with IAM enforcement, seeded with the walkthrough (user trusted by S3_Full_Access), behind a recording proxy.
export async function startCachePeers(): Promise<CachePeers> {
  const peers = await startMotoWith(
    async (moto) => {
      const w = await seedWalkthrough(moto);
      await w.trustUser();
      const proxy = await startRecordingProxy(moto.endpoint);
      return { w, proxy, stop: () => proxy.stop() };
    },
    { initialNoAuthActionCount: WALKTHROUGH_FREE_CALLS },
  );
  return { moto: peers.moto, w: peers.fake.w, proxy: peers.fake.proxy, stop: peers.stop };
}

/**
 * `s3` assumes S3_Full_Access with the user's keys (profile default), `s3-admin`
 * the same role with the admin's keys (profile admin).
 */
export function walkthroughConfig(w: Walkthrough): string {
  return [
    '[default]',
    `region = ${w.region}`,
    '[profile admin]',
    `region = ${w.region}`,
    '[profile s3]',
    `role_arn = ${w.roleArn}`,
    'source_profile = default',
    '[profile s3-admin]',
    `role_arn = ${w.roleArn}`,
    'source_profile = admin',
    '',
  ].join('\n');
}

// A sandbox as the cache suites run it: stdin empty, and a hung run fails below vitest's 30 s test timeout.
export function cacheSandbox(options: SandboxOptions): Promise<Sandbox> {
  return createSandbox({
    ...options,
    env: { USER: 'tester', ...options.env },
    defaults: { input: '', timeoutMs: 20_000, failOnTimeout: true, ...options.defaults },
  });
}

// A fresh HOME with the walkthrough config and both profiles' keys stored.
export async function walkthroughSandbox(peers: CachePeers): Promise<Sandbox> {
  const sandbox = await cacheSandbox({
    endpoint: peers.proxy.endpoint,
    config: walkthroughConfig(peers.w),
    keys: { default: peers.w.user, admin: peers.w.admin },
  });
  peers.proxy.clear();
  return sandbox;
}

// Paths of the file store's entries that hold cached sessions.
export function sessionFiles(sandbox: Sandbox): string[] {
  const storeDir = sandbox.home.path('.local', 'share', 'awsrole');
  let names: string[];
  try {
    names = readdirSync(storeDir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.entry'))
    .filter((name) => Buffer.from(name.slice(0, -6), 'base64url').toString().startsWith('session:'))
    .map((name) => join(storeDir, name));
}

// Where the sandbox's runs keep their lock files.
export function lockDir(sandbox: Sandbox): string {
  return join(sandbox.runtimeDir, 'awsrole');
}

// The AssumeRole requests the proxy has seen.
export function assumeRoles(proxy: RecordingProxy): Record<string, string>[] {
  return proxy.requests().filter((r) => r.Action === 'AssumeRole');
}

/** The command every exec runs: prints the AccessKeyId it was given. */
export const PRINT_KEY = ['--', 'printenv', 'AWS_ACCESS_KEY_ID'] as const;

// The AccessKeyId a successful `exec ... -- printenv AWS_ACCESS_KEY_ID` printed.
export function keyId(result: RunResult): string {
  expect(result.code, result.stderr).toBe(0);
  const key = result.stdout.trim();
  expect(key).toMatch(/^ASIA[A-Z0-9]{16}$/);
  return key;
}

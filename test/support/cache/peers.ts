import { expect } from 'vitest';
import type { RunResult } from '../cli.js';
import { type Moto, startMotoWith } from '../moto.js';
import { type RecordingProxy, startRecordingProxy } from '../recording-proxy.js';
import { seedWalkthrough, WALKTHROUGH_FREE_CALLS, type Walkthrough } from '../walkthrough.js';
import { createSandbox, type Sandbox } from './sandbox.js';

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

// A fresh HOME with the walkthrough config and both profiles' keys stored.
export async function walkthroughSandbox(peers: CachePeers): Promise<Sandbox> {
  const sandbox = createSandbox(peers.proxy.endpoint);
  sandbox.writeConfig(walkthroughConfig(peers.w));
  await sandbox.addKeys('default', peers.w.user);
  await sandbox.addKeys('admin', peers.w.admin);
  peers.proxy.clear();
  return sandbox;
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

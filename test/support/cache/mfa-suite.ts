// The MFA suites' setup: moto without IAM enforcement (its GetSessionToken key is rejected under
// enforcement) behind a recording proxy that shows the MFA parameters moto ignores, for the
// suite; per test a fresh sandbox with keys stored for the profile "base".

import type { Sandbox } from '../e2e.js';
import { forEachTest, forSuite } from '../lifecycle.js';
import { type Moto, startMoto } from '../moto.js';
import { type RecordingProxy, startRecordingProxy } from '../recording-proxy.js';
import { cacheSandbox } from './peers.js';

/** Well-shaped keys: moto without auth accepts any. */
export const BASE_KEYS = {
  accessKeyId: 'AKIAZZZZZZZZZZEXAMPL',
  secretAccessKey: 'abcdefghijABCDEFGHIJ0123456789/+abcdefgh',
};

/**
 * The MFA suites' config: "base" (whose keys are stored) and one profile per
 * role that assumes it from "base" with `mfa_serial`, each followed by the
 * `extra` lines (mfa_process, mfa_prompt, ...).
 */
export function mfaRolesConfig(
  serial: string,
  roles: Readonly<Record<string, string>>,
  extra: readonly string[] = [],
): string {
  const sections = Object.entries(roles).flatMap(([profile, roleArn]) => [
    `[profile ${profile}]`,
    `role_arn = ${roleArn}`,
    'source_profile = base',
    `mfa_serial = ${serial}`,
    ...extra,
  ]);
  return ['[profile base]', 'region = us-east-1', ...sections, ''].join('\n');
}

/** The suite's proxy (cleared before each test) and the running test's sandbox. */
export type MfaSuite = { proxy: RecordingProxy; sb: Sandbox };

// moto + recording proxy for the suite, a sandbox holding the "base" keys for each test.
export function useMfaSandbox(use: (suite: MfaSuite) => void): void {
  let peers: { moto: Moto; proxy: RecordingProxy };
  forSuite(
    {
      create: async () => {
        const moto = await startMoto();
        return { moto, proxy: await startRecordingProxy(moto.endpoint) };
      },
      dispose: async ({ moto, proxy }) => {
        await proxy.stop();
        await moto.stop();
      },
    },
    (p) => {
      peers = p;
    },
  );
  forEachTest(
    {
      create: async () => {
        const sb = await cacheSandbox({
          endpoint: peers.proxy.endpoint,
          keys: { base: BASE_KEYS },
        });
        peers.proxy.clear();
        return sb;
      },
      dispose: (sb) => sb.remove(),
    },
    (sb) => use({ proxy: peers.proxy, sb }),
  );
}

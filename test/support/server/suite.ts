// The server suites' setup: moto for the suite, a sandbox (behind a fault-injecting proxy or not),
// and every run's leftover processes killed after each test.
import { afterEach } from 'vitest';
import { killAllRuns } from '../cli.js';
import { createSandbox, type Key, type Sandbox } from '../e2e.js';
import { forEachTest, forSuite } from '../lifecycle.js';
import type { Moto } from '../moto.js';
import type { Walkthrough } from '../walkthrough.js';
import { type AwsProxy, startAwsProxy } from './aws-proxy.js';
import { trustedWalkthrough } from './peers.js';

/** The user of a server suite: the keys stored for "default" (checked with STS) and ~/.aws/config. */
export type ServerUser = { keys: Key; config?: string };

// A sandbox as the server suites run it: a grandchild left running may hold the pipes open, so
// runs settle on awsrole's exit (killAllRuns ends the rest); a run over 60 s fails.
export function serverSandbox(endpoint: string, user: ServerUser): Promise<Sandbox> {
  return createSandbox({
    endpoint,
    config: user.config,
    keys: { default: user.keys },
    verify: true,
    env: {
      LANG: 'C.UTF-8',
      // Children: no EC2 metadata lookups, no SDK warning about Node 20.
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    defaults: { input: '', timeoutMs: 60_000, settle: 'exit', failOnTimeout: true },
  });
}

/** The trusted walkthrough's moto and a sandbox holding the user's keys, for the whole suite. */
export type TrustedSuite = { moto: Moto; w: Walkthrough; box: Sandbox };

// The trusted walkthrough and one sandbox for the suite; leftover runs killed after each test.
export function useTrustedSandbox(use: (suite: TrustedSuite) => void): void {
  forSuite(
    {
      create: async (): Promise<TrustedSuite> => {
        const { moto, w } = await trustedWalkthrough();
        try {
          return { moto, w, box: await serverSandbox(moto.endpoint, { keys: w.user }) };
        } catch (error) {
          await moto.stop();
          throw error;
        }
      },
      dispose: async ({ moto, box }) => {
        box.remove();
        await moto.stop();
      },
    },
    use,
  );
  // The background processes of fixtures, or anything a failed test left behind.
  afterEach(killAllRuns);
}

/** A suite's moto, with the proxy in front of it and the sandbox of the running test. */
export type ProxiedSuite<T> = T & { proxy: AwsProxy; box: Sandbox };

// moto for the suite; per test a fresh proxy in front of it and a sandbox that talks to the proxy.
export function useProxiedSandbox<T extends { moto: Moto }>(
  start: () => Promise<T>,
  sandbox: (peer: T) => ServerUser,
  use: (suite: ProxiedSuite<T>) => void,
): void {
  let peer: T;
  forSuite({ create: start, dispose: (p) => p.moto.stop() }, (p) => {
    peer = p;
  });
  forEachTest(
    {
      create: async (): Promise<ProxiedSuite<T>> => {
        const proxy = await startAwsProxy(peer.moto.endpoint);
        try {
          const box = await serverSandbox(proxy.endpoint, sandbox(peer));
          return { ...peer, proxy, box };
        } catch (error) {
          await proxy.stop();
          throw error;
        }
      },
      dispose: async ({ proxy, box }) => {
        killAllRuns();
        box.remove();
        await proxy.stop();
      },
    },
    use,
  );
}

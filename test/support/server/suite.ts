// The server suites' setup: moto for the suite, a sandbox (behind a fault-injecting proxy or not),
// and every run's leftover processes killed after each test.
import { afterEach } from 'vitest';
import { killAllRuns } from '../cli.js';
import { forEachTest, forSuite } from '../lifecycle.js';
import type { Moto } from '../moto.js';
import type { Walkthrough } from '../walkthrough.js';
import { type AwsProxy, startAwsProxy } from './aws-proxy.js';
import { trustedWalkthrough } from './peers.js';
import { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';

/** The trusted walkthrough's moto and a sandbox holding the user's keys, for the whole suite. */
export type TrustedSuite = { moto: Moto; w: Walkthrough; box: Sandbox };

// The trusted walkthrough and one sandbox for the suite; leftover runs killed after each test.
export function useTrustedSandbox(use: (suite: TrustedSuite) => void): void {
  forSuite(
    {
      create: async (): Promise<TrustedSuite> => {
        const { moto, w } = await trustedWalkthrough();
        try {
          return { moto, w, box: await createSandbox({ endpoint: moto.endpoint, keys: w.user }) };
        } catch (error) {
          await moto.stop();
          throw error;
        }
      },
      dispose: async ({ moto, box }) => {
        box.cleanup();
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
  sandbox: (peer: T) => Omit<SandboxOptions, 'endpoint'>,
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
          const box = await createSandbox({ ...sandbox(peer), endpoint: proxy.endpoint });
          return { ...peer, proxy, box };
        } catch (error) {
          await proxy.stop();
          throw error;
        }
      },
      dispose: async ({ proxy, box }) => {
        killAllRuns();
        box.cleanup();
        await proxy.stop();
      },
    },
    use,
  );
}

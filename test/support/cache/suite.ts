// The cache suites' setup: moto and the recording proxy for the suite, and a walkthrough sandbox.
import type { Sandbox } from '../e2e.js';
import { forEachTest, forSuite } from '../lifecycle.js';
import { type CachePeers, startCachePeers, walkthroughSandbox } from './peers.js';

/** The peers of a cache suite and the sandbox of the running test (or of the whole suite). */
export type CacheSuite = { peers: CachePeers; sb: Sandbox };

// Starts the peers for the suite and gives each test ('test') or the suite ('suite') a fresh sandbox.
export function useWalkthroughSandbox(
  per: 'test' | 'suite',
  use: (suite: CacheSuite) => void,
): void {
  let peers: CachePeers;
  forSuite({ create: startCachePeers, dispose: (p) => p.stop() }, (p) => {
    peers = p;
  });
  const sandbox = {
    create: async () => ({ peers, sb: await walkthroughSandbox(peers) }),
    dispose: ({ sb }: CacheSuite) => sb.remove(),
  };
  if (per === 'test') forEachTest(sandbox, use);
  else forSuite(sandbox, use);
}

// The walkthrough on the encrypted file backend (AWSROLE_BACKEND=file), against moto with IAM enforcement.
import { afterAll, beforeAll, describe } from 'vitest';
import { fileEnv, type SeededMoto, startWalkthrough } from '../support/e2e.js';
import { motoAvailable } from '../support/moto.js';
import { requirePeer } from '../support/require-peer.js';
import { walkthroughCases } from './walkthrough-cases.js';

describe.skipIf(!requirePeer('moto_server', motoAvailable()))('walkthrough (file backend)', () => {
  let peer: SeededMoto;
  beforeAll(async () => {
    peer = await startWalkthrough();
  });
  afterAll(async () => {
    await peer?.stop();
  });

  walkthroughCases({ peer: () => peer, envFor: (home, endpoint) => fileEnv(home, endpoint) });
});

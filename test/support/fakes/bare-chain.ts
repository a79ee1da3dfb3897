// A bare Target's chain, its source picked from the target alone (no root-profile settings), fetched or provided.
import type { Credentials } from '../../../src/credentials/credentials.js';
import { type FetchDeps, fetchChain, type SessionContext } from '../../../src/credentials/fetch.js';
import {
  type CachePolicy,
  type Provided,
  type ProviderDeps,
  provideChain,
} from '../../../src/credentials/provider.js';
import { buildChain } from '../../../src/sources/chain.js';
import type { Target } from '../../../src/target/target.js';

// fetchChain over the chain the registry builds for the target.
export async function fetchCredentials(
  target: Target,
  deps: FetchDeps,
  context: SessionContext | undefined,
): Promise<Credentials> {
  return fetchChain(await buildChain(target), deps, context);
}

// provideChain over the chain the registry builds for the target.
export async function provideCredentials(
  target: Target,
  deps: ProviderDeps,
  policy: CachePolicy,
): Promise<Provided> {
  return provideChain(await buildChain(target), deps, policy);
}

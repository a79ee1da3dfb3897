// The default chain root: a profile's long-term IAM user keys from the secret store (`awsrole add`).
import { lookupAccount } from '../credentials/obtain.js';
import { withPlaintextHint } from '../credentials/plaintext-hint.js';
import type { CredentialSource } from '../credentials/source.js';
import type { SourceRoot } from './registry.js';

// The stored keys of the chain's source profile.
export function storedKeysSource(root: SourceRoot): CredentialSource {
  const profile = root.target.sourceProfile;
  // Keys sitting in plaintext in ~/.aws/credentials: the error says where and how to import them.
  const hinted = (env: NodeJS.ProcessEnv) => (error: unknown) => {
    throw withPlaintextHint(error, profile, root.settings, env);
  };
  return {
    kind: 'stored-keys',
    profile,
    describe: () => `stored keys of profile "${profile}"`,
    // Kept as the bare profile name: cache keys stay what they were before sources existed.
    identity: () => profile,
    start: async (deps) => ({
      credentials: await deps.keys(profile).catch(hinted(deps.env)),
      longTerm: true,
      fromCache: false,
    }),
    account: (deps) => lookupAccount(profile, deps).catch(hinted(deps.env)),
    longTermKeys: (deps) => deps.keys(profile),
  };
}

// The --debug lines of a resolution: which files and profile sections were read, and the chain built.
import type { AwsConfig } from '../config/aws-config.js';
import { type DebugLog, describeSettings } from '../debug-log.js';
import { type Chain, describeChain } from '../sources/chain.js';
import type { ResolutionRule } from '../target/target.js';

/** What each resolution rule means, for the line that says which one applied. */
const RULES: Readonly<Record<ResolutionRule, string>> = {
  'config-profile': 'is a profile in the AWS config (rule 1 of 4)',
  'stored-profile':
    'is not in the AWS config but has stored keys: a profile, with an STS session from its own keys (rule 2 of 4)',
  'role-arn': 'is a role ARN, assumed with the source keys (rule 3 of 4)',
  'role-name':
    'is neither a profile nor a profile with stored keys: a role name in the account of the source keys (rule 4 of 4)',
};

/** How the config file names a profile's section. */
function section(profile: string): string {
  return profile === 'default' ? '[default]' : `[profile ${profile}]`;
}

// Writes what the resolution read and decided: the profile sections in chain order, then the chain.
export function debugResolution(debug: DebugLog, config: AwsConfig, chain: Chain): void {
  const { target } = chain;
  debug(`config: read ${config.configPath} and ${config.credentialsPath}`);
  if (target.rule !== undefined) debug(`resolve: "${target.given}" ${RULES[target.rule]}`);
  // Top profile first, as the resolution walked them: the steps in reverse, then the source.
  const profiles = [...target.steps.map((step) => step.profile).reverse(), target.sourceProfile];
  for (const profile of new Set(profiles.filter((p): p is string => p !== undefined))) {
    const settings = config.profiles.get(profile);
    debug(
      settings
        ? `config: profile "${profile}" ${section(profile)}: ${describeSettings(settings)}`
        : `config: profile "${profile}" has no section (its keys come from the secret store)`,
    );
  }
  if (target.steps.length > 0 && target.steps.every((step) => step.profile === undefined)) {
    debug(
      `config: "${target.given}" is not a profile: taken as a role ${target.pendingRoleName ? 'name' : 'ARN'}`,
    );
  }
  debug(`chain: ${describeChain(chain)} (credentials for ${target.durationSeconds}s)`);
}

// An AwsConfig for unit tests, as if loaded from ~/.aws of a user "u".
import type { AwsConfig, ProfileSettings } from '../../../src/config/aws-config.js';

// The config holding these profiles, in this order, read from /home/u/.aws/{config,credentials}.
export function awsConfig(profiles: Record<string, ProfileSettings>): AwsConfig {
  return {
    configPath: '/home/u/.aws/config',
    credentialsPath: '/home/u/.aws/credentials',
    profiles: new Map(Object.entries(profiles)),
    names: Object.keys(profiles),
  };
}

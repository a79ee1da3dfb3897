// Where the AWS config and credentials files are, following the SDK's environment variables.
import { homedir } from 'node:os';
import { join } from 'node:path';

// Paths of the two files: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else under ~/.aws.
export function awsConfigPaths(env: NodeJS.ProcessEnv): { config: string; credentials: string } {
  const home = env.HOME || homedir();
  const expand = (p: string) => (p.startsWith('~/') ? join(home, p.slice(2)) : p);
  return {
    config: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentials: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
  };
}

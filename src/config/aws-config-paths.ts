// Where the AWS config and credentials files are, following the SDK's environment variables.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
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

// One of the files as text, empty when it cannot be read.
export function readOrEmpty(path: string): string {
  try {
    // Synchronous on purpose: one-shot processes, and node:fs/promises loads a module graph of its own.
    const bytes = readFileSync(path);
    // The usual all-ASCII file skips UTF-8 decoding (a large config reads ~2x faster): same text.
    return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } catch {
    return '';
  }
}

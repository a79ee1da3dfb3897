// Loads ~/.aws/config and ~/.aws/credentials with the SDK's own INI loader.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { configError } from '../errors.js';

/** One profile's settings, merged from the config and credentials files. */
export type ProfileSettings = Readonly<Record<string, string | undefined>>;

/** The profiles a user has, by name, plus where they came from. */
export interface AwsConfig {
  readonly configPath: string;
  readonly credentialsPath: string;
  readonly profiles: ReadonlyMap<string, ProfileSettings>;
}

// Paths of the two files, following the SDK's environment variables.
export function awsConfigPaths(env: NodeJS.ProcessEnv): { config: string; credentials: string } {
  const home = env.HOME || homedir();
  const expand = (p: string) => (p.startsWith('~/') ? join(home, p.slice(2)) : p);
  return {
    config: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentials: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
  };
}

/**
 * The SDK's loader swallows read errors (an unreadable file looks empty), so
 * each file is read here first: a missing file is fine, any other failure is
 * reported with its path. The text is then handed to the SDK's parser through
 * its own interception hook, so parsing is exactly the SDK's.
 */
async function readIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '';
    throw configError(
      `cannot read AWS config file ${path}: ${code ?? String(error)}`,
      'check the file permissions or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere',
    );
  }
}

// Reads and merges both files; the credentials file wins on conflicts, as in the SDK.
export async function loadAwsConfig(env: NodeJS.ProcessEnv): Promise<AwsConfig> {
  const paths = awsConfigPaths(env);
  const [configText, credentialsText] = await Promise.all([
    readIfPresent(paths.config),
    readIfPresent(paths.credentials),
  ]);
  externalDataInterceptor.interceptFile(paths.config, configText);
  externalDataInterceptor.interceptFile(paths.credentials, credentialsText);
  const files = await loadSharedConfigFiles({
    configFilepath: paths.config,
    filepath: paths.credentials,
  });
  const profiles = new Map<string, ProfileSettings>();
  for (const [name, settings] of Object.entries(files.configFile)) {
    // getConfigData keeps non-profile sections under their prefix; skip them.
    if (name.startsWith('sso-session.') || name.startsWith('services.')) continue;
    profiles.set(name, { ...settings });
  }
  for (const [name, settings] of Object.entries(files.credentialsFile)) {
    profiles.set(name, { ...profiles.get(name), ...settings });
  }
  return { configPath: paths.config, credentialsPath: paths.credentials, profiles };
}

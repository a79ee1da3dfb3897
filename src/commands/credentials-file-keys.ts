// Long-term keys found in plaintext in ~/.aws/credentials: read them for `add --from-credentials-file`,
// and take exactly their lines out of the file afterwards, leaving every other byte as it was.
import { readFile, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { refusedFile } from '../config/aws-config.js';
import { awsConfigPaths } from '../config/aws-config-paths.js';
import { type IniSection, parseIni } from '../config/botocore-ini.js';
import type { Credentials } from '../credentials/credentials.js';
import { configError, ExitCode, usageError } from '../errors.js';
import { writeAtomic } from '../store/atomic-file.js';

/** The key lines of a profile; aws_session_token goes with them (it belongs to those keys). */
const KEY_LINES = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];

/** Keys read from the file, and how to remove them from it. */
export interface FileKeys {
  readonly path: string;
  readonly keys: Credentials;
  /** Removes the key lines atomically; refuses when the file changed since it was read. */
  readonly removeFromFile: () => Promise<void>;
}

// Reads a profile's keys from the credentials file (botocore's reading: the header is the profile name).
export async function readCredentialsFileKeys(
  profile: string,
  env: NodeJS.ProcessEnv,
): Promise<FileKeys> {
  const path = awsConfigPaths(env).credentials;
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw usageError(
      `cannot read ${path}: ${error.code ?? String(error)}`,
      'check the path, or point AWS_SHARED_CREDENTIALS_FILE elsewhere',
    );
  });
  let section: IniSection | undefined;
  try {
    section = parseIni(text).get(profile);
  } catch (error) {
    throw refusedFile(path, error);
  }
  const id = section?.settings.get('aws_access_key_id');
  const secret = section?.settings.get('aws_secret_access_key');
  if (!section || !id || !secret) {
    throw usageError(
      `no aws_access_key_id and aws_secret_access_key for profile "${profile}" in ${path}`,
      'name the section as written in that file, or add the keys another way',
    );
  }
  const lines = KEY_LINES.flatMap((k) => section?.lines.get(k) ?? []);
  return {
    path,
    keys: { accessKeyId: id.trim(), secretAccessKey: secret.trim() },
    removeFromFile: async () => {
      const target = await realpath(path);
      const now = await readFile(target, 'utf8');
      if (now !== text) {
        throw configError(
          `${path} changed while the keys were imported; the keys are stored but still in the file`,
          `remove the aws_access_key_id and aws_secret_access_key lines of [${profile}] yourself`,
        );
      }
      await writeAtomic(dirname(target), target, withoutLines(text, new Set(lines)), {
        what: target,
        elsewhere: 'remove the lines yourself',
        exitCode: ExitCode.config,
      });
    },
  };
}

// The text without the given 1-based lines (counted as the parser counts them), line ends kept as they were.
export function withoutLines(text: string, drop: ReadonlySet<number>): string {
  const parts = text.split(/(\r\n|\r|\n)/);
  let out = '';
  for (let i = 0, line = 1; i < parts.length; i += 2, line++) {
    if (!drop.has(line)) out += (parts[i] ?? '') + (parts[i + 1] ?? '');
  }
  return out;
}

import { execFile } from 'node:child_process';
import { cliEnv } from './cli.js';
import type { SeededMoto } from './e2e.js';

export type AccessKey = { accessKeyId: string; secretAccessKey: string };

// Runs the aws CLI against moto as the walkthrough's admin (keys in the environment, never on argv).
export function awsAsAdmin(
  peer: SeededMoto,
  args: readonly string[],
  home: string,
): Promise<string> {
  const { admin } = peer.w;
  const env = cliEnv({
    HOME: home,
    AWS_ACCESS_KEY_ID: admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  });
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['--endpoint-url', peer.moto.endpoint, ...args],
      { env, timeout: 30_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(stdout),
    );
  });
}

// Creates another access key for the walkthrough user (IAM allows two per user).
export async function createUserKey(peer: SeededMoto, home: string): Promise<AccessKey> {
  const out = JSON.parse(
    await awsAsAdmin(peer, ['iam', 'create-access-key', '--user-name', peer.w.user.name], home),
  ) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
  return { accessKeyId: out.AccessKey.AccessKeyId, secretAccessKey: out.AccessKey.SecretAccessKey };
}

// Deletes one of the walkthrough user's access keys: from then on AWS rejects it.
export async function revokeUserKey(
  peer: SeededMoto,
  accessKeyId: string,
  home: string,
): Promise<void> {
  await awsAsAdmin(
    peer,
    ['iam', 'delete-access-key', '--user-name', peer.w.user.name, '--access-key-id', accessKeyId],
    home,
  );
}

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Moto } from './moto.js';

export type AccessKey = { accessKeyId: string; secretAccessKey: string };

export type Walkthrough = {
  region: 'us-east-1';
  accountId: string;
  admin: AccessKey;
  user: AccessKey & { name: string; arn: string };
  /** S3_Full_Access: s3:* (and sts:AssumeRole on Chained_Role); trusts only admin until trustUser(). */
  roleArn: string;
  /** Chained_Role: trusts the S3_Full_Access role ARN and, for moto, the session ARN of `chainSessionName`. */
  chainedRoleArn: string;
  /** moto only lets a S3_Full_Access session chain into Chained_Role under this session name. */
  chainSessionName: string;
  /** ExternalId_Role: trusts the user with sts:ExternalId = externalId. */
  externalIdRoleArn: string;
  externalId: string;
  bucket: string;
  /** Rewrites the trust policy of S3_Full_Access to name the user (as admin). */
  trustUser(): Promise<void>;
};

/** moto_server must be started with this INITIAL_NO_AUTH_ACTION_COUNT before seeding. */
export const WALKTHROUGH_FREE_CALLS = 3;

const SCRIPT = fileURLToPath(new URL('./seed_walkthrough.py', import.meta.url));
const TIMEOUT_MS = 30_000;

// Seed moto (started with WALKTHROUGH_FREE_CALLS free calls) with the AWS CLI assume-role walkthrough.
export async function seedWalkthrough(moto: Pick<Moto, 'endpoint'>): Promise<Walkthrough> {
  const seeded = JSON.parse(await runScript('seed', moto.endpoint, {})) as Omit<
    Walkthrough,
    'trustUser'
  >;
  const admin = seeded.admin;
  return {
    ...seeded,
    trustUser: async () => {
      await runScript('trust-user', moto.endpoint, {
        AWS_ACCESS_KEY_ID: admin.accessKeyId,
        AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
      });
    },
  };
}

function runScript(
  mode: string,
  endpoint: string,
  secrets: Record<string, string>,
): Promise<string> {
  const python = process.env.MOTO_PYTHON || 'python3';
  // Secrets travel in the environment only, never on argv.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_')) env[key] = value;
  }
  Object.assign(env, secrets, {
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  return new Promise((resolve, reject) => {
    execFile(
      python,
      [SCRIPT, mode, endpoint],
      { env, timeout: TIMEOUT_MS },
      (err, stdout, stderr) => {
        if (err) {
          const hint = /No module named 'boto3'/.test(stderr)
            ? ` (${python} lacks boto3: set MOTO_PYTHON to the python that runs moto_server)`
            : '';
          reject(
            new Error(`seed_walkthrough.py ${mode} failed${hint}: ${stderr.trim() || err.message}`),
          );
          return;
        }
        resolve(stdout);
      },
    );
  });
}

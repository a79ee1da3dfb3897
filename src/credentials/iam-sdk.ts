// IamApi on @aws-sdk/client-iam; imported only through lazyIam().
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { maskKeyIds } from '../errors.js';
import { partitionOfRegion } from '../partition/partitions.js';
import type { Credentials } from './credentials.js';
import { type IamApi, IamError } from './iam.js';
import { type NetworkDeadline, withNetworkDeadline } from './network-deadline.js';
import { shareConfigSectionsWithSdk } from './sdk-config-files.js';

const TOTAL_TIMEOUT_MS = 15_000;

// Builds the SDK-backed IamApi with bounded timeouts.
export function sdkIam(): IamApi {
  /** IAM is global per partition: called in the partition's IAM region (AWS_ENDPOINT_URL(_IAM) still apply). */
  const client = (credentials: Credentials, region: string, deadline: NetworkDeadline) => {
    shareConfigSectionsWithSdk();
    return deadline.watch(
      new IAMClient({
        region: partitionOfRegion(region).iamRegion,
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
        },
        maxAttempts: 3,
        requestHandler: {
          connectionTimeout: 3000,
          requestTimeout: 5000,
          throwOnRequestTimeout: true,
        },
      }),
    );
  };
  const send = async <T>(run: (deadline: NetworkDeadline) => Promise<T>): Promise<T> => {
    try {
      return await withNetworkDeadline(TOTAL_TIMEOUT_MS, run);
    } catch (error) {
      const e = (error ?? {}) as { name?: string; code?: string; message?: string };
      const code = e.code && !e.name?.endsWith('Exception') ? e.code : (e.name ?? 'Error');
      throw new IamError(code, maskKeyIds(String(e.message ?? error)).replace(/\s+/g, ' '), error);
    }
  };
  return {
    listAccessKeys: (credentials, region) =>
      send(async (deadline) => {
        const out = await client(credentials, region, deadline).send(
          new ListAccessKeysCommand({}),
          {
            abortSignal: deadline.signal,
          },
        );
        return (out.AccessKeyMetadata ?? []).map((k) => ({
          accessKeyId: k.AccessKeyId ?? '',
          status: k.Status ?? 'Active',
          createdAt: k.CreateDate,
        }));
      }),
    createAccessKey: (credentials, region) =>
      send(async (deadline) => {
        const out = await client(credentials, region, deadline).send(
          new CreateAccessKeyCommand({}),
          {
            abortSignal: deadline.signal,
          },
        );
        const key = out.AccessKey;
        if (!key?.AccessKeyId || !key.SecretAccessKey) {
          throw new Error('IAM answered CreateAccessKey without a key');
        }
        return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
      }),
    deleteAccessKey: (credentials, region, accessKeyId) =>
      send(async (deadline) => {
        await client(credentials, region, deadline).send(
          new DeleteAccessKeyCommand({ AccessKeyId: accessKeyId }),
          {
            abortSignal: deadline.signal,
          },
        );
      }),
  };
}

// StsApi on @aws-sdk/client-sts; imported only through lazySts().
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  type Credentials as SdkCredentials,
  STSClient,
} from '@aws-sdk/client-sts';
import type { Credentials, StsApi } from './credentials.js';
import { type NetworkDeadline, withNetworkDeadline } from './network-deadline.js';
import { shareConfigSectionsWithSdk } from './sdk-config-files.js';
import type { StsLimits } from './sts.js';
import { CHECK_KEYS, stsError } from './sts-errors.js';

// Builds the SDK-backed StsApi with bounded timeouts and retries.
export function sdkSts(limits: StsLimits): StsApi {
  const client = (credentials: Credentials, region: string, deadline: NetworkDeadline) =>
    quietly(() => {
      shareConfigSectionsWithSdk();
      return deadline.watch(
        new STSClient({
          region,
          credentials: {
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken,
          },
          maxAttempts: limits.maxAttempts,
          requestHandler: {
            connectionTimeout: limits.connectTimeoutMs,
            requestTimeout: limits.requestTimeoutMs,
            throwOnRequestTimeout: true,
          },
        }),
      );
    });
  const send = async <T>(
    run: (deadline: NetworkDeadline) => Promise<T>,
    action: string,
  ): Promise<T> => {
    try {
      return await withNetworkDeadline(limits.totalTimeoutMs, run);
    } catch (error) {
      throw stsError(error, action);
    }
  };
  return {
    assumeRole: (credentials, region, request) =>
      send(async (deadline) => {
        const sts = client(credentials, region, deadline);
        const out = await sts.send(
          new AssumeRoleCommand({
            RoleArn: request.roleArn,
            RoleSessionName: request.sessionName,
            DurationSeconds: request.durationSeconds,
            ExternalId: request.externalId,
            SerialNumber: request.mfa?.serialNumber,
            TokenCode: request.mfa?.tokenCode,
            Tags: request.tags?.map((t) => ({ Key: t.key, Value: t.value })),
            TransitiveTagKeys: request.transitiveTagKeys
              ? [...request.transitiveTagKeys]
              : undefined,
            SourceIdentity: request.sourceIdentity,
            PolicyArns: request.policyArns?.map((arn) => ({ arn })),
            Policy: request.policy,
          }),
          { abortSignal: deadline.signal },
        );
        return fromSdk(out.Credentials);
      }, `assume role ${request.roleArn}`),
    getSessionToken: (credentials, region, durationSeconds, mfa) =>
      send(async (deadline) => {
        const sts = client(credentials, region, deadline);
        const out = await sts.send(
          new GetSessionTokenCommand({
            DurationSeconds: durationSeconds,
            SerialNumber: mfa?.serialNumber,
            TokenCode: mfa?.tokenCode,
          }),
          { abortSignal: deadline.signal },
        );
        return fromSdk(out.Credentials);
      }, 'get a session token'),
    getCallerIdentity: (credentials, region) =>
      send(async (deadline) => {
        const out = await client(credentials, region, deadline).send(
          new GetCallerIdentityCommand({}),
          {
            abortSignal: deadline.signal,
          },
        );
        return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
      }, CHECK_KEYS),
    getFederationToken: (credentials, region, request) =>
      send(async (deadline) => {
        const out = await client(credentials, region, deadline).send(
          new GetFederationTokenCommand({
            Name: request.name,
            DurationSeconds: request.durationSeconds,
            Policy: request.policy,
          }),
          { abortSignal: deadline.signal },
        );
        return fromSdk(out.Credentials);
      }, 'get a federation token'),
  };
}

function fromSdk(credentials: SdkCredentials | undefined): Credentials {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new Error('STS answered without credentials');
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
  };
}

/**
 * The SDK warns about Node 20 when a client is built. The switch that silences
 * it is an environment variable, set only around construction so it never
 * leaks into the child's environment.
 */
function quietly<T>(build: () => T): T {
  const key = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  const before = process.env[key];
  process.env[key] = 'true';
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env[key];
    else process.env[key] = before;
  }
}

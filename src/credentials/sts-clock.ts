// The clock of AWS as STS tells it: the HTTP Date of a signed GetCallerIdentity; imported only by doctor.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Credentials } from './credentials.js';
import { shareConfigSectionsWithSdk } from './sdk-config-files.js';

/** What one signed call showed: the server's Date (if any), when it arrived, and how the call ended. */
export interface StsClock {
  readonly serverDate: number | undefined;
  readonly receivedAt: number;
  readonly error?: unknown;
}

type Response = { headers?: Record<string, string | undefined> } | undefined;

// Signs one GetCallerIdentity and reads the Date of the first answer, whether it succeeded or not.
export async function stsClock(credentials: Credentials, region: string): Promise<StsClock> {
  shareConfigSectionsWithSdk();
  const client = new STSClient({
    region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 5000, throwOnRequestTimeout: true },
  });
  let serverDate: number | undefined;
  let receivedAt = Date.now();
  const note = (response: Response) => {
    const date = response?.headers?.date;
    if (serverDate === undefined && date) {
      serverDate = Date.parse(date);
      receivedAt = Date.now();
    }
  };
  // Before the SDK's own skew correction sees the answer: the raw Date is what is wanted.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        const out = await next(args);
        note(out.response as Response);
        return out;
      } catch (error) {
        note((error as { $response?: Response }).$response);
        throw error;
      }
    },
    { step: 'deserialize', name: 'awsroleServerDate', priority: 'low' },
  );
  try {
    await client.send(new GetCallerIdentityCommand({}), {
      abortSignal: AbortSignal.timeout(10_000),
    });
    return { serverDate, receivedAt };
  } catch (error) {
    return { serverDate, receivedAt, error };
  }
}

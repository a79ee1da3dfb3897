// A local ECS-style credential endpoint: serves (and renews) a role's credentials to one child.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credentials } from '../credentials/credentials.js';
import { AwsroleError, ExitCode } from '../errors.js';

/** A running endpoint. */
export interface CredentialServer {
  /** http://127.0.0.1:<port>/ for AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  readonly url: string;
  /** The value the child must send as Authorization (AWS_CONTAINER_AUTHORIZATION_TOKEN). */
  readonly token: string;
  close(): Promise<void>;
}

/** What the endpoint serves; called per request, so renewal is the provider's job. */
export type CredentialSource = () => Promise<Credentials>;

/** Turns a provider failure into the message the SDK shows the user. */
export type ErrorMessage = (error: unknown) => string;

const LOOPBACK = '127.0.0.1';

// Refuses to listen anywhere but loopback: the endpoint hands out credentials to whoever asks with the token.
export function assertLoopback(host: string): void {
  if (host !== LOOPBACK && host !== '::1' && host !== 'localhost') {
    throw new AwsroleError(`refusing to serve credentials on ${host}`, {
      exitCode: ExitCode.refused,
      hint: 'the credential server listens on 127.0.0.1 only',
    });
  }
}

/** Comparing digests keeps the comparison constant-time whatever the lengths. */
function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function reply(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

// Starts the endpoint on 127.0.0.1 with a fresh 256-bit token.
export async function startCredentialServer(
  source: CredentialSource,
  describe: ErrorMessage,
): Promise<CredentialServer> {
  assertLoopback(LOOPBACK);
  const token = randomBytes(32).toString('base64url');
  let inFlight: Promise<Credentials> | undefined;
  // Concurrent requests share one provider call.
  const credentials = () => {
    inFlight ??= source().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET') return reply(res, 405, { message: 'only GET is served' });
    const given = req.headers.authorization;
    if (given === undefined) return reply(res, 401, { message: 'missing Authorization header' });
    if (!sameToken(given, token))
      return reply(res, 403, { message: 'invalid authorization token' });
    try {
      const c = await credentials();
      reply(res, 200, {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: c.expiration?.toISOString(),
      });
    } catch (error) {
      reply(res, 500, { code: 'CredentialsUnavailable', message: describe(error) });
    }
  };
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

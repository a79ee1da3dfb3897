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

/** What the endpoint serves; called per request, so renewal and its timing are the source's job. */
export type CredentialSource = () => Promise<Credentials>;

/** Turns a provider failure into the message the SDK shows the user. */
export type ErrorMessage = (error: unknown) => string;

const LOOPBACK = '127.0.0.1';

// True for literal loopback addresses only (127/8, ::1): a name could resolve elsewhere.
export function isLoopback(host: string): boolean {
  return host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

// Refuses to listen anywhere but loopback: the endpoint hands out credentials to whoever asks with the token.
export function assertLoopback(host: string): void {
  if (!isLoopback(host)) {
    throw new AwsroleError(`refusing to serve credentials on ${host}`, {
      exitCode: ExitCode.refused,
      hint: 'the credential server listens on loopback only, 127.0.0.1',
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

/**
 * Errors are `{"Code","Message"}`: the JS SDK reads those two names from an
 * error body, and the Go SDKs decode field names case-insensitively.
 */
function reply(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  reply(res, status, { Code: code, Message: message }, status === 405 ? { allow: 'GET' } : {});
}

/** Options for tests; the defaults are what awsrole uses. */
export interface ServerOptions {
  /** Listen address; anything but a loopback address is refused. */
  readonly host?: string;
}

// Starts the endpoint on 127.0.0.1 (a random port) with a fresh 256-bit token.
export async function startCredentialServer(
  source: CredentialSource,
  describe: ErrorMessage,
  options: ServerOptions = {},
): Promise<CredentialServer> {
  const host = options.host ?? LOOPBACK;
  assertLoopback(host);
  const token = randomBytes(32).toString('base64url');
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET') return refuse(res, 405, 'MethodNotAllowed', 'only GET is served');
    const given = req.headers.authorization;
    if (given === undefined) {
      return refuse(res, 401, 'Unauthorized', 'missing Authorization header');
    }
    if (!sameToken(given, token)) {
      return refuse(res, 403, 'AccessDenied', 'invalid authorization token');
    }
    try {
      const c = await source();
      reply(res, 200, {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: c.expiration?.toISOString(),
      });
    } catch (error) {
      refuse(res, 500, 'CredentialsUnavailable', describe(error));
    }
  };
  const server = createServer((req, res) => {
    // A client gone mid-answer must not take the awsrole process (and its child) down with it.
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  // Once listening, a failed accept (EMFILE) costs that one connection, not the run.
  server.on('error', () => undefined);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

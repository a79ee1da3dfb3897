import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers getSigninToken. */
export type FederationMode = 'ok' | 'status500' | 'garbage' | 'hang';

/**
 * The one fake in these suites: AWS's federation endpoint has no local
 * implementation (moto has none), so a loopback HTTP server stands in for it.
 * It records every request URL and answers {"SigninToken":"tok-123"}, or
 * fails in the way `mode` says.
 */
export type FakeFederation = {
  /** http://127.0.0.1:PORT/federation, for AWSROLE_SIGNIN_ENDPOINT. */
  url: string;
  requests: URL[];
  mode: FederationMode;
  stop(): Promise<void>;
};

export const SIGNIN_TOKEN = 'tok-123';

// Starts the fake federation endpoint on a random loopback port.
export async function startFakeFederation(): Promise<FakeFederation> {
  const server = createServer();
  const fake: FakeFederation = {
    url: '',
    requests: [],
    mode: 'ok',
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    fake.requests.push(new URL(req.url ?? '/', fake.url));
    if (fake.mode === 'hang') return; // accept, never answer
    if (fake.mode === 'status500') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    }
    if (fake.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not json</html>');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ SigninToken: SIGNIN_TOKEN }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/federation`;
  return fake;
}

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardRequest } from './forward.js';

export type RecordingProxy = {
  /** http://127.0.0.1:PORT: point AWS_ENDPOINT_URL here. */
  endpoint: string;
  /** Form parameters of every STS request seen so far, in arrival order (copies). */
  requests(): Record<string, string>[];
  /** Forgets the requests seen so far. */
  clear(): void;
  /** Closes the proxy and every open connection. */
  stop(): Promise<void>;
};

/** Actions of the STS query API; anything else (IAM, S3) is forwarded but not recorded. */
const STS_ACTIONS = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'DecodeAuthorizationMessage',
  'GetAccessKeyInfo',
  'GetCallerIdentity',
  'GetFederationToken',
  'GetSessionToken',
]);

// Start a loopback HTTP proxy that forwards everything to target and records STS request parameters.
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  let seen: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const params = stsParams(req, body);
      // Recorded before forwarding: a request counts even when the target is down.
      if (params) seen.push(params);
      // The Host header stays as sent: it is part of the SigV4 signature.
      forwardRequest(upstream, req, res, body, () => {
        // Only the status goes back: bodies and headers may carry secrets and are never logged.
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('recording proxy: target unreachable\n');
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => seen.map((p) => ({ ...p })),
    clear: () => {
      seen = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

/** STS speaks the query protocol: form parameters in a POST body, or in the URL of a GET. */
function stsParams(req: IncomingMessage, body: Buffer): Record<string, string> | undefined {
  const query = new URL(req.url ?? '/', 'http://proxy').searchParams;
  const form = /x-www-form-urlencoded/i.test(String(req.headers['content-type'] ?? ''))
    ? new URLSearchParams(body.toString('utf8'))
    : new URLSearchParams();
  const params: Record<string, string> = {};
  for (const source of [query, form]) {
    for (const [key, value] of source) params[key] = value;
  }
  const scope = /Credential=[^/,]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(
    String(req.headers.authorization ?? ''),
  );
  const action = params.Action;
  if (action === undefined) return undefined;
  const isSts = scope ? scope[1] === 'sts' : STS_ACTIONS.has(action);
  return isSts ? params : undefined;
}

// A loopback HTTP proxy in front of moto_server that records STS actions and injects faults.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** forward: pass through; hang: accept and never answer; down: drop every connection. */
export type ProxyMode = 'forward' | 'hang' | 'down';

export type AwsProxy = {
  /** http://127.0.0.1:PORT, for AWS_ENDPOINT_URL. */
  endpoint: string;
  /** STS actions (the form body's Action) in the order they arrived, whatever the mode. */
  readonly actions: string[];
  /** The form parameters of those requests (Action, RoleArn, SerialNumber, TokenCode, ...). */
  readonly requests: Record<string, string>[];
  mode: ProxyMode;
  /**
   * When set, AssumeRole responses say the credentials expire this many seconds
   * from now (moto honours DurationSeconds, and awsrole never asks for less
   * than 15 minutes): a way to get credentials that run out during a test.
   */
  roleExpiresInSeconds: number | undefined;
  stop(): Promise<void>;
};

// Starts the proxy on a random loopback port, forwarding to upstream (http://127.0.0.1:PORT).
export async function startAwsProxy(upstream: string): Promise<AwsProxy> {
  const target = new URL(upstream);
  const sockets = new Set<Socket>();
  const proxy: AwsProxy = {
    endpoint: '',
    actions: [],
    requests: [],
    mode: 'forward',
    roleExpiresInSeconds: undefined,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req);
    const params = formOf(req.headers, body);
    if (params?.Action) {
      proxy.actions.push(params.Action);
      proxy.requests.push(params);
    }
    if (proxy.mode === 'down') return req.socket.destroy();
    if (proxy.mode === 'hang') return;
    const answer = await forward(target, req, body).catch(() => undefined);
    if (!answer) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('proxy: upstream unreachable');
      return;
    }
    let data = answer.body;
    if (proxy.roleExpiresInSeconds !== undefined && data.includes('<AssumeRoleResult>')) {
      const at = new Date(Date.now() + proxy.roleExpiresInSeconds * 1000).toISOString();
      data = Buffer.from(
        data
          .toString()
          .replace(/<Expiration>[^<]*<\/Expiration>/, `<Expiration>${at}</Expiration>`),
      );
    }
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    headers['content-length'] = String(data.length);
    res.writeHead(answer.status, headers).end(data);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function formOf(headers: IncomingHttpHeaders, body: Buffer): Record<string, string> | undefined {
  if (!String(headers['content-type'] ?? '').includes('x-www-form-urlencoded')) return undefined;
  return Object.fromEntries(new URLSearchParams(body.toString()));
}

function forward(
  target: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        // The Host header is kept: it is part of what SigV4 signed.
        headers: req.headers,
        timeout: 10_000,
      },
      (answer) => {
        readAll(answer).then(
          (data) =>
            resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }),
          reject,
        );
      },
    );
    out.once('timeout', () => out.destroy(new Error('upstream timed out')));
    out.once('error', reject);
    out.end(body);
  });
}

import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Credentials } from '../../../src/credentials/credentials.js';
import { AwsroleError } from '../../../src/errors.js';
import {
  assertLoopback,
  type CredentialServer,
  type CredentialSource,
  startCredentialServer,
} from '../../../src/server/credential-server.js';

const creds: Credentials = {
  accessKeyId: 'ASIATEMPORARY0000001',
  secretAccessKey: 'temporary-secret',
  sessionToken: 'session-token',
  expiration: new Date('2030-01-02T03:04:05.000Z'),
};
const SECRET_FIELDS = ['AccessKeyId', 'SecretAccessKey', 'Token'];

const servers: CredentialServer[] = [];
async function start(source: CredentialSource = async () => creds): Promise<CredentialServer> {
  const server = await startCredentialServer(source, (e) => `awsrole: ${(e as Error).message}`);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function get(server: CredentialServer, headers: Record<string, string>, method = 'GET') {
  const res = await fetch(server.url, { method, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
}

describe('startCredentialServer', () => {
  it('listens on 127.0.0.1 on a random port', async () => {
    const a = await start();
    const b = await start();
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(new URL(a.url).port).not.toBe(new URL(b.url).port);
  });

  it('serves the ECS container credentials JSON to a request with the token', async () => {
    const server = await start();
    const res = await get(server, { authorization: server.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      AccessKeyId: 'ASIATEMPORARY0000001',
      SecretAccessKey: 'temporary-secret',
      Token: 'session-token',
      Expiration: '2030-01-02T03:04:05.000Z',
    });
  });

  it('makes a fresh token of at least 128 bits for every server', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { token } = await start();
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
      tokens.add(token);
    }
    expect(tokens.size).toBe(5);
  });

  it('answers 401 without the header and 403 with a wrong token, with no credential', async () => {
    let asked = 0;
    const server = await start(async () => {
      asked++;
      return creds;
    });
    const wrong = [
      `${server.token}x`,
      server.token.slice(1),
      'x',
      `Bearer ${server.token}`,
      // Same length, one character off.
      (server.token[0] === 'A' ? 'B' : 'A') + server.token.slice(1),
    ];
    const missing = await get(server, {});
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ Code: 'Unauthorized', Message: 'missing Authorization header' });
    for (const token of wrong) {
      const res = await get(server, { authorization: token });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ Code: 'AccessDenied', Message: 'invalid authorization token' });
    }
    // Refused requests never reach the source, so they never cause an STS call either.
    expect(asked).toBe(0);
  });

  it('answers 405 to anything but GET, even with the token', async () => {
    const server = await start();
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await get(server, { authorization: server.token }, method);
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
      for (const field of SECRET_FIELDS) expect(res.body).not.toHaveProperty(field);
    }
  });

  it('answers 500 with the reason when the source fails', async () => {
    const server = await start(async () => {
      throw new Error('STS is down');
    });
    const res = await get(server, { authorization: server.token });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ Code: 'CredentialsUnavailable', Message: 'awsrole: STS is down' });
  });

  it('survives a client that leaves before the answer', async () => {
    let release: (c: Credentials) => void = () => undefined;
    let asked = 0;
    const server = await start(() => {
      asked++;
      return asked === 1 ? new Promise<Credentials>((r) => (release = r)) : Promise.resolve(creds);
    });
    await new Promise<void>((resolve) => {
      const req = request(server.url, { headers: { authorization: server.token } });
      req.on('error', () => resolve());
      req.end(() => setTimeout(() => req.destroy(), 50));
    });
    release(creds);
    await new Promise((r) => setTimeout(r, 50));
    expect((await get(server, { authorization: server.token })).status).toBe(200);
    expect(asked).toBe(2);
  });

  it('stops listening when closed, keep-alive connections included', async () => {
    const server = await start();
    expect((await get(server, { authorization: server.token })).status).toBe(200);
    await server.close();
    const { port } = new URL(server.url);
    const error = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(error).toBe('ECONNREFUSED');
  });

  it('refuses to listen on anything but a loopback address', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'localhost', 'example.com', '']) {
      expect(() => assertLoopback(host)).toThrow(AwsroleError);
      await expect(startCredentialServer(async () => creds, String, { host })).rejects.toThrow(
        `refusing to serve credentials on ${host}`,
      );
    }
    expect(() => assertLoopback('127.0.0.1')).not.toThrow();
    expect(() => assertLoopback('::1')).not.toThrow();
  });
});

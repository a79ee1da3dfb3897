import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Credentials } from '../../../src/credentials/credentials.js';
import { startCredentialServer } from '../../../src/server/credential-server.js';
import { readServedCredentials } from '../../../src/server/served-credentials.js';

const creds: Credentials = {
  accessKeyId: 'ASIATEMPORARY0000001',
  secretAccessKey: 'temporary-secret',
  sessionToken: 'session-token',
  expiration: new Date('2030-01-02T03:04:05.000Z'),
};

describe('readServedCredentials', () => {
  it('is undefined without AWS_CONTAINER_CREDENTIALS_FULL_URI', async () => {
    expect(await readServedCredentials({})).toBeUndefined();
  });

  it('reads the credentials from awsrole’s endpoint with the token', async () => {
    const server = await startCredentialServer(async () => creds, String);
    try {
      const env = {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: server.token,
      };
      expect(await readServedCredentials(env)).toEqual(creds);
      await expect(
        readServedCredentials({ ...env, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'wrong' }),
      ).rejects.toThrow('the credential endpoint refused: invalid authorization token');
    } finally {
      await server.close();
    }
  });

  it('passes the endpoint’s reason on, and says when the endpoint is gone', async () => {
    const server = await startCredentialServer(
      async () => {
        throw new Error('MFA code needed');
      },
      (e) => `awsrole: ${(e as Error).message}`,
    );
    const env = {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: server.token,
    };
    await expect(readServedCredentials(env)).rejects.toThrow(
      'the credential endpoint refused: MFA code needed',
    );
    await server.close();
    await expect(readServedCredentials(env)).rejects.toThrow(
      /cannot reach the credential endpoint http:\/\/127\.0\.0\.1:\d+/,
    );
  });

  it('never sends the token off this machine', async () => {
    let asked = 0;
    const bait = createServer((_req, res) => {
      asked++;
      res.end('{}');
    });
    await new Promise<void>((r) => bait.listen(0, '127.0.0.1', () => r()));
    const { port } = bait.address() as AddressInfo;
    try {
      for (const host of ['localhost', '0.0.0.0', '169.254.170.2', 'example.com']) {
        await expect(
          readServedCredentials({
            AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://${host}:${port}/`,
            AWS_CONTAINER_AUTHORIZATION_TOKEN: 'secret',
          }),
        ).rejects.toThrow(
          `refusing to send the container authorization token to http://${host}:${port}`,
        );
      }
      expect(asked).toBe(0);
    } finally {
      bait.close();
    }
  });
});

// A session exactly as `aws login` (AWS CLI v2) leaves it in its cache (no vitest here: the bench uses it).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeSignin } from './fakes/signin-server.js';

export const PRINCIPAL = 'arn:aws:iam::123456789012:user/alice';

// The cache file of a login_session inside a cache directory.
export function loginCacheFile(dir: string, arn = PRINCIPAL): string {
  return join(dir, `${createHash('sha256').update(arn).digest('hex')}.json`);
}

/** "YYYY-MM-DDTHH:MM:SSZ", as the AWS CLI writes expiresAt. */
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

// Writes a session the stand-in issued (refresh token bound to a new key) as `aws login` does; returns its refresh token.
export async function writeAwsLoginCache(
  dir: string,
  signin: FakeSignin,
  expiresInMs: number,
  arn = PRINCIPAL,
): Promise<{ refreshToken: string; accessKeyId: string; path: string }> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ format: 'pem', type: 'sec1' }).toString();
  const jwk = createPublicKey(createPrivateKey(pem)).export({ format: 'jwk' });
  const minted = await signin.issueFor({ x: String(jwk.x), y: String(jwk.y) });
  const path = loginCacheFile(dir, arn);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path,
    JSON.stringify({
      accessToken: {
        accessKeyId: minted.accessKeyId,
        secretAccessKey: minted.secretAccessKey,
        sessionToken: minted.sessionToken,
        accountId: arn.split(':')[4],
        expiresAt: utc(Date.now() + expiresInMs),
      },
      tokenType: 'aws_sigv4',
      clientId: 'arn:aws:signin:::devtools/same-device',
      refreshToken: minted.refreshToken,
      idToken: 'header.payload.signature',
      dpopKey: pem,
    }),
  );
  chmodSync(path, 0o600);
  return { refreshToken: minted.refreshToken, accessKeyId: minted.accessKeyId, path };
}

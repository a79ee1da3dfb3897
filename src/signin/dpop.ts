// DPoP (RFC 9449) proofs for the sign-in token endpoint: a P-256 key per sign-in signs every token call.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
} from 'node:crypto';

// A new P-256 private key, as the SEC1 PEM the AWS CLI keeps in its cache file.
export function newDpopKey(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ format: 'pem', type: 'sec1' }).toString();
}

// The public half of a key as a JWK (what the proof's header carries).
export function publicJwk(pem: string): { kty: string; crv: string; x: string; y: string } {
  const jwk = createPublicKey(createPrivateKey({ key: pem, format: 'pem' })).export({
    format: 'jwk',
  });
  return { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) };
}

// One proof for one request: a fresh jti, the method, the exact URL and the time.
export function dpopProof(pem: string, method: string, url: string, nowMs: number): string {
  const key = createPrivateKey({ key: pem, format: 'pem' });
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk(pem) };
  const payload = { jti: randomUUID(), htm: method, htu: url, iat: Math.floor(nowMs / 1000) };
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part(header)}.${part(payload)}`;
  const signature = sign('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' });
  return `${signed}.${signature.toString('base64url')}`;
}

// The audit's own instruments must find what they look for, or a passing audit means nothing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSecrets, type Secret, watchProcesses } from './secret-watch.js';

const secret: Secret = { label: 'the secret', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYAUDITKEY01' };

describe('findSecrets', () => {
  it.each([
    ['in clear', `x ${secret.value} y`],
    ['in part (16 characters of it)', `echoed: ${secret.value.slice(10, 26)}...`],
    ['as base64', JSON.stringify({ blob: Buffer.from(`k=${secret.value}`).toString('base64') })],
    ['as base64url', Buffer.from(secret.value).toString('base64url')],
    ['as hex', Buffer.from(secret.value).toString('hex')],
  ])('finds a secret %s', (_how, text) => {
    expect(findSecrets(text, [secret])).toEqual(['the secret']);
  });

  it('finds it in binary data, and finds nothing in ciphertext or unrelated text', () => {
    expect(
      findSecrets(Buffer.concat([randomBytes(64), Buffer.from(secret.value)]), [secret]),
    ).toEqual(['the secret']);
    expect(findSecrets(randomBytes(4096), [secret])).toEqual([]);
    expect(
      findSecrets(`${secret.value.slice(0, 15)} and ${secret.value.slice(20, 35)}`, [secret]),
    ).toEqual([]);
  });
});

describe('watchProcesses', () => {
  it('sees the argv and the environment of a short-lived process', async () => {
    const marker = `MARKER${randomBytes(12).toString('hex')}`;
    const watch = watchProcesses(20);
    const child = spawn('sh', ['-c', 'sleep 0.3', marker], {
      env: { PATH: process.env.PATH, AUDIT_MARKER: `${marker}env` },
      stdio: 'ignore',
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const seen = watch.stop();
    const mark: Secret[] = [{ label: 'marker', value: marker }];
    expect([...seen.cmdlines].some((c) => findSecrets(c, mark).length > 0)).toBe(true);
    expect([...seen.environs].some((e) => e.includes(`AUDIT_MARKER=${marker}env`))).toBe(true);
  });
});

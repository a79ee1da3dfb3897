import { describe, expect, it } from 'vitest';
import { whoamiCommand } from '../../../src/commands/whoami.js';
import { fakeIo, fakeServices } from '../../support/fakes/io.js';

const NOW = Date.parse('2030-01-01T12:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

/** whoami inside a session (no --verify: no STS call), as text and as JSON. */
async function whoami(expiration: string, json: boolean) {
  const io = fakeIo({
    env: { AWSROLE: 'prod', AWSROLE_SESSION_NAME: 'alice', AWS_CREDENTIAL_EXPIRATION: expiration },
  });
  const result = await whoamiCommand({ verify: false, json }, io, fakeServices({ now: () => NOW }));
  expect(result).toEqual({ exitCode: 0 });
  return io.stdout.join('');
}

describe('awsrole whoami inside a session', () => {
  it('--json: the time left, and expired: false while it lasts', async () => {
    const out = JSON.parse(await whoami(at(600), true));
    expect(out).toMatchObject({ role: 'prod', remainingSeconds: 600, expired: false });
  });

  it('--json on expired credentials: remainingSeconds 0 (never negative) and expired: true', async () => {
    const out = JSON.parse(await whoami(at(-3600), true));
    expect(out).toMatchObject({ remainingSeconds: 0, expired: true });
  });

  it('text: the time left, or "expired"', async () => {
    expect(await whoami(at(5400), false)).toContain('(1h30m left)');
    expect(await whoami(at(-1), false)).toContain('(expired)');
  });

  it('an expiration that is not a date: no time left is claimed', async () => {
    const out = JSON.parse(await whoami('soon', true));
    expect(out).not.toHaveProperty('remainingSeconds');
    expect(out).not.toHaveProperty('expired');
  });
});

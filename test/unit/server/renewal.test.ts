import { describe, expect, it } from 'vitest';
import type { Credentials } from '../../../src/credentials/credentials.js';
import { EXPIRY_MARGIN_MS, renewingSource } from '../../../src/server/renewal.js';
import { fakeClock } from '../../support/fakes/clock.js';

const MIN = 60_000;
const T0 = Date.parse('2030-01-01T00:00:00Z');

function creds(id: string, expiresAt: number): Credentials {
  return {
    accessKeyId: id,
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: new Date(expiresAt),
  };
}

/** A renew() the test settles by hand, counting calls. */
function manualRenew() {
  const calls: { resolve: (c: Credentials) => void; reject: (e: unknown) => void }[] = [];
  const renew = () =>
    new Promise<Credentials>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { renew, calls };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(lifetimeMs = 15 * MIN, minTtlMs = 5 * MIN) {
  const clock = fakeClock(T0);
  const { renew, calls } = manualRenew();
  const failures: unknown[] = [];
  const renewed: Credentials[] = [];
  const source = renewingSource(creds('FIRST', T0 + lifetimeMs), renew, {
    minTtlMs,
    now: clock.read,
    onFailure: (e) => failures.push(e),
    onRenewed: (c) => renewed.push(c),
  });
  return { clock, calls, failures, renewed, source };
}

describe('renewingSource', () => {
  it('serves the first credentials without renewing while they have the minimum TTL left', async () => {
    const { clock, calls, source } = setup();
    expect((await source()).accessKeyId).toBe('FIRST');
    clock.now = T0 + 10 * MIN; // exactly 5 minutes left
    expect((await source()).accessKeyId).toBe('FIRST');
    expect(calls).toHaveLength(0);
  });

  it('once due, starts one renewal and keeps serving the valid credentials meanwhile', async () => {
    const { clock, calls, source, renewed } = setup();
    clock.now = T0 + 11 * MIN;
    const answers = await Promise.all([source(), source(), source()]);
    expect(answers.map((c) => c.accessKeyId)).toEqual(['FIRST', 'FIRST', 'FIRST']);
    expect(calls).toHaveLength(1);
    calls[0]?.resolve(creds('SECOND', clock.now + 15 * MIN));
    await flush();
    expect((await source()).accessKeyId).toBe('SECOND');
    expect(renewed.map((c) => c.accessKeyId)).toEqual(['SECOND']);
    expect(calls).toHaveLength(1);
  });

  it('keeps serving valid credentials when a renewal fails, reports it, and retries on the next request', async () => {
    const { clock, calls, source, failures } = setup();
    clock.now = T0 + 11 * MIN;
    expect((await source()).accessKeyId).toBe('FIRST');
    calls[0]?.reject(new Error('STS unreachable'));
    await flush();
    expect(failures).toEqual([new Error('STS unreachable')]);
    expect((await source()).accessKeyId).toBe('FIRST');
    expect(calls).toHaveLength(2);
  });

  it('makes requests wait for the renewal once the credentials are about to expire', async () => {
    const { clock, calls, source } = setup();
    clock.now = T0 + 15 * MIN - EXPIRY_MARGIN_MS;
    const waiting = source();
    const alsoWaiting = source();
    expect(calls).toHaveLength(1);
    calls[0]?.resolve(creds('SECOND', clock.now + 15 * MIN));
    expect((await waiting).accessKeyId).toBe('SECOND');
    expect((await alsoWaiting).accessKeyId).toBe('SECOND');
  });

  it('fails the request with the renewal error once the credentials have expired', async () => {
    const { clock, calls, source } = setup();
    clock.now = T0 + 16 * MIN;
    const waiting = source();
    calls[0]?.reject(new Error('MFA code needed'));
    await expect(waiting).rejects.toThrow('MFA code needed');
    // Nothing is stuck: the next request tries again.
    const again = source();
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(creds('SECOND', clock.now + 15 * MIN));
    expect((await again).accessKeyId).toBe('SECOND');
  });

  it('does not leave an unhandled rejection behind when nobody waits for a failed renewal', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { clock, calls, source } = setup();
      clock.now = T0 + 11 * MIN;
      await source();
      calls[0]?.reject(new Error('boom'));
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('renews credentials that keep only a short minimum TTL at the last moment', async () => {
    const { clock, calls, source } = setup(15 * MIN, 5_000);
    clock.now = T0 + 15 * MIN - 6_000;
    expect((await source()).accessKeyId).toBe('FIRST');
    expect(calls).toHaveLength(0);
    clock.now = T0 + 15 * MIN - 4_000;
    const waiting = source();
    calls[0]?.resolve(creds('SECOND', clock.now + 15 * MIN));
    expect((await waiting).accessKeyId).toBe('SECOND');
  });

  it('never renews credentials without an expiry', async () => {
    const { renew, calls } = manualRenew();
    const source = renewingSource({ accessKeyId: 'AKIA', secretAccessKey: 's' }, renew, {
      minTtlMs: MIN,
      now: () => T0,
    });
    expect((await source()).accessKeyId).toBe('AKIA');
    expect(calls).toHaveLength(0);
  });
});

// The kernel keyring copy of cached sessions, over an in-memory store and an in-memory kernel keyring.
import { describe, expect, it } from 'vitest';
import { mirroredStore } from '../../../src/store/kernel-mirror.js';
import { SESSION_ACCOUNT_PREFIX } from '../../../src/store/secret-store.js';
import { fakeClock } from '../../support/fakes/clock.js';
import { fakeKernelKeys } from '../../support/fakes/kernel-keys.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';

const PERIOD = 15 * 60_000;
const SESSION = `${SESSION_ACCOUNT_PREFIX}abc`;

function setup(storeId = 'awsrole on bus-1', periodMs = PERIOD) {
  const store = new MemoryStore();
  const clock = fakeClock(Date.UTC(2026, 11, 3, 10));
  const kernel = fakeKernelKeys();
  const notes: string[] = [];
  const make = (id = storeId, inner = store) =>
    mirroredStore(inner, {
      storeId: id,
      copies: (account) => account.startsWith(SESSION_ACCOUNT_PREFIX),
      periodMs,
      now: clock.read,
      note: (line) => notes.push(line),
      kernel: kernel.kernel,
    });
  return { store, clock, kernel, notes, mirrored: make(), make };
}

/** The copies in the one kernel key, as stored. */
function copies(keys: Map<string, string>): { account: string; store: string; until: number }[] {
  const text = keys.get('copies');
  return text ? JSON.parse(text).copies : [];
}

describe('mirroredStore', () => {
  it('serves a session from its copy once the store was read, without asking the store again', async () => {
    const { store, mirrored, notes } = setup();
    store.data.set(SESSION, 'session-json');
    expect(await mirrored.get(SESSION)).toBe('session-json');
    expect(store.calls.get).toBe(1);
    expect(await mirrored.get(SESSION)).toBe('session-json');
    expect(await mirrored.get(SESSION)).toBe('session-json');
    expect(store.calls.get).toBe(1);
    expect(notes.filter((n) => n.includes('kernel keyring copy'))).toHaveLength(2);
  });

  it('never copies anything but sessions: long-term keys are read from the store every time', async () => {
    const { store, mirrored, kernel } = setup();
    store.data.set('keys:default', 'AKIA...');
    await mirrored.get('keys:default');
    await mirrored.set('keys:prod', 'AKIA...');
    await mirrored.get('keys:default');
    expect(store.calls.get).toBe(2);
    expect(kernel.keys.size).toBe(0);
  });

  it('asks the store again once the period is over, and copies what it says', async () => {
    const { store, mirrored, clock } = setup();
    store.data.set(SESSION, 'first');
    await mirrored.get(SESSION);
    store.data.set(SESSION, 'second');
    clock.now += PERIOD - 1;
    expect(await mirrored.get(SESSION)).toBe('first');
    clock.now += 1;
    expect(await mirrored.get(SESSION)).toBe('second');
    expect(store.calls.get).toBe(2);
  });

  it('a write goes to the store and replaces the copy; a delete removes the copy first', async () => {
    const { store, mirrored } = setup();
    store.data.set(SESSION, 'old');
    await mirrored.get(SESSION);
    await mirrored.set(SESSION, 'new');
    expect(store.data.get(SESSION)).toBe('new');
    expect(await mirrored.get(SESSION)).toBe('new');
    expect(await mirrored.delete(SESSION)).toBe(true);
    expect(await mirrored.get(SESSION)).toBeNull();
    expect(store.calls.get).toBe(2);
  });

  it('a failed store write leaves no copy behind', async () => {
    const { store, mirrored } = setup();
    store.data.set(SESSION, 'old');
    await mirrored.get(SESSION);
    store.set = async () => {
      throw new Error('locked');
    };
    await expect(mirrored.set(SESSION, 'new')).rejects.toThrow('locked');
    store.data.delete(SESSION);
    expect(await mirrored.get(SESSION)).toBeNull();
  });

  it('keeps copies per store: another bus never gets this one', async () => {
    const { store, mirrored, make } = setup();
    store.data.set(SESSION, 'bus-1 session');
    await mirrored.get(SESSION);
    const other = new MemoryStore();
    const onBus2 = make('awsrole on bus-2', other);
    expect(await onBus2.get(SESSION)).toBeNull();
    expect(other.calls.get).toBe(1);
  });

  it('keeps at most three copies in one key, the most recent', async () => {
    const { store, mirrored, kernel } = setup();
    for (const n of [1, 2, 3, 4]) {
      store.data.set(`${SESSION}${n}`, `s${n}`);
      await mirrored.get(`${SESSION}${n}`);
    }
    expect([...kernel.keys.keys()]).toEqual(['copies']);
    expect(copies(kernel.keys).map((c) => c.account)).toEqual([
      `${SESSION}4`,
      `${SESSION}3`,
      `${SESSION}2`,
    ]);
    await mirrored.get(`${SESSION}1`);
    expect(store.calls.get).toBe(5);
  });

  it('drops expired copies when it writes, and the key when none is left', async () => {
    const { store, mirrored, kernel, clock } = setup();
    store.data.set(`${SESSION}1`, 's1');
    await mirrored.get(`${SESSION}1`);
    clock.now += PERIOD;
    store.data.set(`${SESSION}2`, 's2');
    await mirrored.get(`${SESSION}2`);
    expect(copies(kernel.keys).map((c) => c.account)).toEqual([`${SESSION}2`]);
    await mirrored.delete(`${SESSION}2`);
    expect(kernel.keys.size).toBe(0);
  });

  it('reads an unreadable key as no copies', async () => {
    const { store, mirrored, kernel } = setup();
    kernel.keys.set('copies', '{not json');
    store.data.set(SESSION, 'from the store');
    expect(await mirrored.get(SESSION)).toBe('from the store');
    expect(await mirrored.get(SESSION)).toBe('from the store');
    expect(store.calls.get).toBe(1);
  });

  it('without a kernel keyring uses the store alone and says so once', async () => {
    const { store, mirrored, kernel, notes } = setup();
    kernel.state.down = true;
    store.data.set(SESSION, 'session-json');
    for (let i = 0; i < 3; i++) expect(await mirrored.get(SESSION)).toBe('session-json');
    await mirrored.set(SESSION, 'again');
    expect(await mirrored.delete(SESSION)).toBe(true);
    expect(store.calls.get).toBe(3);
    expect(notes.filter((n) => n.includes('kernel keyring unavailable'))).toHaveLength(1);
  });

  it('with a period of 0 is the store itself', () => {
    const { store, make } = setup('awsrole on bus-1', 0);
    expect(make()).toBe(store);
  });
});

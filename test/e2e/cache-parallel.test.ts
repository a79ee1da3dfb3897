// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assumeRoles,
  type CachePeers,
  keyId,
  lockDir,
  PRINT_KEY,
  sessionFiles,
} from '../support/cache/peers.js';
import { useWalkthroughSandbox } from '../support/cache/suite.js';
import type { Sandbox } from '../support/e2e.js';
import { motoPresent } from '../support/moto.js';

const PARALLEL = 20;

/** The lock file name awsrole uses for a cache account (see key-lock.ts). */
function lockFileFor(sessionFile: string): string {
  const account = Buffer.from(basename(sessionFile, '.entry'), 'base64url').toString('utf8');
  expect(account).toMatch(/^session:[0-9a-f]{40}$/);
  return `${account.replace(/[^\w-]/g, '_')}.lock`;
}

describe.skipIf(!motoPresent())('parallel execs share one STS call', () => {
  let peers: CachePeers;
  let sb: Sandbox;

  useWalkthroughSandbox('test', (s) => {
    ({ peers, sb } = s);
  });

  /** Learns the cache key (and so the lock name) from a first run, then empties the cache. */
  async function lockOfEmptiedCache(): Promise<string> {
    keyId(await sb.run(['exec', 's3', ...PRINT_KEY]));
    const [file] = sessionFiles(sb);
    const lock = join(lockDir(sb), lockFileFor(file ?? ''));
    expect((await sb.run(['clear'])).code).toBe(0);
    peers.proxy.clear();
    return lock;
  }

  it(`${PARALLEL} execs started together on a cold cache make exactly one AssumeRole`, async () => {
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, () => sb.run(['exec', 's3', ...PRINT_KEY])),
    );
    const keys = results.map(keyId);
    expect(new Set(keys).size).toBe(1);
    expect(assumeRoles(peers.proxy)).toHaveLength(1);
    expect(sessionFiles(sb)).toHaveLength(1);
    // Every lock was released.
    expect(readdirSync(lockDir(sb)).filter((name) => name.endsWith('.lock'))).toEqual([]);
  }, 90_000);

  it('recovers a lock left by a killed process without waiting for it', async () => {
    const lock = await lockOfEmptiedCache();

    const dead = spawnSync('true').pid;
    writeFileSync(lock, `${dead} ${Date.now()} 0badc0de`);
    const result = await sb.run(['exec', 's3', ...PRINT_KEY]);
    keyId(result);
    // Waiting for the lock would take up to two minutes; recovery is immediate.
    expect(result.ms).toBeLessThan(5_000);
    expect(assumeRoles(peers.proxy)).toHaveLength(1);
    expect(existsSync(lock)).toBe(false);
  });

  it('waits while a live process holds the lock, and goes on once it is released', async () => {
    const lock = await lockOfEmptiedCache();

    // This test process is alive: its lock must be honoured, not broken.
    writeFileSync(lock, `${process.pid} ${Date.now()} 11ve`);
    let done = false;
    const running = sb.run(['exec', 's3', ...PRINT_KEY]).finally(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(done).toBe(false);
    expect(assumeRoles(peers.proxy)).toHaveLength(0);

    const released = Date.now();
    rmSync(lock);
    keyId(await running);
    expect(Date.now() - released).toBeLessThan(5_000);
    expect(assumeRoles(peers.proxy)).toHaveLength(1);
  });
});

// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assumeRoles,
  type CachePeers,
  keyId,
  PRINT_KEY,
  sessionFiles,
} from '../support/cache/peers.js';
import { useWalkthroughSandbox } from '../support/cache/suite.js';
import type { Sandbox } from '../support/e2e.js';
import { motoPresent } from '../support/moto.js';

describe.skipIf(!motoPresent())('exec reuses cached sessions', () => {
  let peers: CachePeers;
  let sb: Sandbox;

  useWalkthroughSandbox('test', (s) => {
    ({ peers, sb } = s);
  });

  const exec = async (role: string, ...flags: string[]) =>
    keyId(await sb.run(['exec', role, ...flags, ...PRINT_KEY]));
  const assumed = () => assumeRoles(peers.proxy).length;

  it('--no-cache makes a new AssumeRole and does not touch the cached entry', async () => {
    expect(await exec('s3', '--no-cache')).toMatch(/^ASIA/);
    expect(assumed()).toBe(1);
    expect(sessionFiles(sb)).toEqual([]);

    const cached = await exec('s3');
    expect(assumed()).toBe(2);
    const [file] = sessionFiles(sb);
    const bytes = readFileSync(file ?? '');

    const bypass = await exec('s3', '--no-cache');
    expect(bypass).not.toBe(cached);
    expect(assumed()).toBe(3);
    // Entries are re-encrypted with a fresh IV on every write: equal bytes mean no write.
    expect(readFileSync(file ?? '').equals(bytes)).toBe(true);
    expect(await exec('s3')).toBe(cached);
    expect(assumed()).toBe(3);
  });

  it('--refresh replaces the entry: new key id now and for later execs', async () => {
    const first = await exec('s3');
    expect(await exec('s3')).toBe(first);
    expect(assumed()).toBe(1);
    const refreshed = await exec('s3', '--refresh');
    expect(refreshed).not.toBe(first);
    expect(assumed()).toBe(2);
    expect(await exec('s3')).toBe(refreshed);
    expect(assumed()).toBe(2);
    expect(sessionFiles(sb)).toHaveLength(1);
  });

  it('clear <profile> removes only that profile’s sessions; clear removes all', async () => {
    const user = await exec('s3');
    const admin = await exec('s3-admin');
    expect(admin).not.toBe(user);
    expect(assumed()).toBe(2);

    const one = await sb.run(['clear', 's3-admin']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toMatch(/removed 1 cached session for "s3-admin"/);
    expect(await exec('s3')).toBe(user);
    expect(assumed()).toBe(2);
    const admin2 = await exec('s3-admin');
    expect(admin2).not.toBe(admin);
    expect(assumed()).toBe(3);

    // A source profile clears the sessions made from its keys.
    const bySource = await sb.run(['clear', 'admin']);
    expect(bySource.stderr).toMatch(/removed 1 cached session for "admin"/);
    expect(await exec('s3')).toBe(user);
    expect(assumed()).toBe(3);

    await exec('s3-admin');
    const all = await sb.run(['clear']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toMatch(/removed 2 cached sessions/);
    expect(sessionFiles(sb)).toEqual([]);
    expect(await exec('s3')).not.toBe(user);
    expect(assumed()).toBe(5);
  });

  it('list and list --json show each cached session with its remaining time', async () => {
    await exec('s3');
    await exec('s3-admin', '--duration', '2h');
    const json = await sb.run(['list', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const { sessions } = JSON.parse(json.stdout) as {
      sessions: {
        name: string;
        kind: string;
        sourceProfile: string;
        roleArn: string;
        expiration: string;
        remainingSeconds: number;
      }[];
    };
    expect(sessions.map((s) => [s.name, s.kind, s.sourceProfile, s.roleArn])).toEqual([
      ['s3', 'role', 'default', peers.w.roleArn],
      ['s3-admin', 'role', 'admin', peers.w.roleArn],
    ]);
    const [user, admin] = sessions;
    expect(user?.remainingSeconds).toBeGreaterThan(3500);
    expect(user?.remainingSeconds).toBeLessThanOrEqual(3600);
    expect(admin?.remainingSeconds).toBeGreaterThan(7100);
    expect(admin?.remainingSeconds).toBeLessThanOrEqual(7200);
    const expiresIn = Date.parse(user?.expiration ?? '') - Date.now();
    expect(Math.abs(expiresIn / 1000 - (user?.remainingSeconds ?? 0))).toBeLessThan(60);
    // Nothing secret is listed.
    expect(json.stdout).not.toMatch(/ASIA|secretAccessKey|sessionToken/);

    const table = await sb.run(['list']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/CACHED SESSION\s+KIND\s+SOURCE\s+ROLE\s+EXPIRES IN/);
    expect(table.stdout).toMatch(/^s3\s+role\s+default\s+\S+S3_Full_Access\s+(59m|1h)$/m);
    expect(table.stdout).toMatch(/^s3-admin\s+role\s+admin\s+\S+S3_Full_Access\s+(1h59m|2h)$/m);
  });

  it('honours the min-TTL boundary from --min-ttl and AWSROLE_MIN_TTL', async () => {
    const short = ['--duration', '15m'];
    const first = await exec('s3', ...short, '--min-ttl', '14m');
    expect(assumed()).toBe(1);
    expect(await exec('s3', ...short, '--min-ttl', '14m')).toBe(first);
    expect(assumed()).toBe(1);
    // The default would allow it (capped at half of 15m); an explicit 15m does not.
    expect(await exec('s3', ...short)).toBe(first);
    const explicit = await exec('s3', ...short, '--min-ttl', '15m');
    expect(explicit).not.toBe(first);
    expect(assumed()).toBe(2);

    const withEnv = (ttl: string) =>
      sb.run(['exec', 's3', ...short, ...PRINT_KEY], { env: { AWSROLE_MIN_TTL: ttl } });
    expect(keyId(await withEnv('14m'))).toBe(explicit);
    expect(assumed()).toBe(2);
    const fromEnv = keyId(await withEnv('15m'));
    expect(fromEnv).not.toBe(explicit);
    expect(assumed()).toBe(3);
    // The flag wins over the environment.
    const both = await sb.run(['exec', 's3', ...short, '--min-ttl', '14m', ...PRINT_KEY], {
      env: { AWSROLE_MIN_TTL: '15m' },
    });
    expect(keyId(both)).toBe(fromEnv);
    expect(assumed()).toBe(3);
    expect(assumeRoles(peers.proxy).map((r) => r.DurationSeconds)).toEqual(['900', '900', '900']);
  });

  it('replaces a corrupted cache entry: exec succeeds, and the next one hits the cache', async () => {
    const first = await exec('s3');
    const [file] = sessionFiles(sb);
    writeFileSync(file ?? '', 'garbage, not an encrypted entry\n');

    const listed = await sb.run(['list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).sessions).toEqual([]);

    const replaced = await exec('s3');
    expect(replaced).not.toBe(first);
    expect(assumed()).toBe(2);
    expect(sessionFiles(sb)).toEqual([file]);
    expect(readFileSync(file ?? '', 'utf8')).not.toContain('garbage');
    expect(await exec('s3')).toBe(replaced);
    expect(assumed()).toBe(2);
  });
});

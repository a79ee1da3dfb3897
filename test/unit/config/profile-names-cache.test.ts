import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readProfileNames } from '../../../src/config/profile-names.js';
import {
  CACHE_MIN_BYTES,
  cachedNames,
  namesCachePath,
} from '../../../src/config/profile-names-cache.js';

let dir: string;
let env: NodeJS.ProcessEnv;
let config: string;
const missing = () => join(dir, 'no-credentials');

/** A config big enough to be cached, last modified `ageSeconds` ago. */
function writeConfig(profiles: number, ageSeconds = 60, tag = 'p'): void {
  const lines = [];
  for (let i = 0; i < profiles; i++) lines.push(`[profile ${tag}${i}]`, `region = eu-west-${i}`);
  writeFileSync(config, `${lines.join('\n')}\n`);
  const then = Date.now() / 1000 - ageSeconds;
  utimesSync(config, then, then);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'awsrole-names-cache-'));
  config = join(dir, 'config');
  env = { HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), AWS_CONFIG_FILE: config };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the profile names cache', () => {
  it('serves a large, unchanged config from the cache', () => {
    writeConfig(20_000);
    const scan = vi.fn(() => ['a', 'b c']);
    expect(cachedNames(env, [config, missing()], scan)).toEqual(['a', 'b c']);
    expect(cachedNames(env, [config, missing()], scan)).toEqual(['a', 'b c']);
    expect(scan).toHaveBeenCalledTimes(1);
    expect(namesCachePath(env)).toBe(join(dir, 'cache', 'awsrole', 'profile-names'));
  });

  it('scans again once a file changes, even to the same size', () => {
    writeConfig(20_000, 60, 'p');
    const first = readProfileNames(env);
    expect(first).toHaveLength(20_000);
    writeConfig(20_000, 30, 'q');
    expect(readProfileNames(env)[0]).toBe('q0');
  });

  it('does not cache small configs or ones written within the last seconds', () => {
    writeConfig(10);
    readProfileNames(env);
    expect(existsSync(namesCachePath(env))).toBe(false);
    writeConfig(20_000, 0);
    readProfileNames(env);
    expect(existsSync(namesCachePath(env))).toBe(false);
    expect(20_000 * 30).toBeGreaterThan(CACHE_MIN_BYTES);
  });

  it('still answers when the cache cannot be written', () => {
    writeConfig(20_000);
    writeFileSync(join(dir, 'cache'), 'not a directory');
    expect(readProfileNames(env)).toHaveLength(20_000);
  });
});

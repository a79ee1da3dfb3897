// Where the sections of a large config are, remembered between runs under the files' identity.
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAwsConfig, loadAwsConfigFor } from '../../../src/config/aws-config.js';
import { SECTION_CACHE_MIN_BYTES, sectionCachePath } from '../../../src/config/section-cache.js';

let dir: string;
let env: NodeJS.ProcessEnv;
let config: string;

/** A config of `profiles` role profiles (~300 KB for 5,000) chained to `base`, last modified `ageSeconds` ago. */
function writeConfig(profiles: number, options: { ageSeconds?: number; account?: string } = {}) {
  const account = options.account ?? '123456789012';
  const lines = ['[default]', 'region = us-east-1', '', '[profile base]', 'region = eu-west-1', ''];
  for (let i = 0; i < profiles; i++) {
    lines.push(
      `[profile team-${i}]`,
      `role_arn = arn:aws:iam::${account}:role/team-${i}`,
      'source_profile = base',
      '',
    );
  }
  writeFileSync(config, lines.join('\n'));
  const then = Date.now() / 1000 - (options.ageSeconds ?? 60);
  utimesSync(config, then, then);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'awsrole-sections-'));
  config = join(dir, 'config');
  env = {
    HOME: dir,
    XDG_CACHE_HOME: join(dir, 'cache'),
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The profiles a load gave, with where each setting came from. */
function snapshot(loaded: Awaited<ReturnType<typeof loadAwsConfigFor>>, names: string[]) {
  return names.map((n) => [n, loaded.profiles.get(n), loaded.origins?.get(n)]);
}

/** Points the remembered plan's range for team-4321 at team-7's section, which fits the text as well. */
function pointPlanAtTeam7(): void {
  const path = sectionCachePath(env);
  const kept = JSON.parse(readFileSync(path, 'utf8'));
  const text = readFileSync(config, 'utf8');
  const ranges = kept.entries[0].plan.config as { start: number; end: number; firstLine: number }[];
  const at = ranges.findIndex((r) => text.startsWith('[profile team-4321]', r.start));
  const start = text.indexOf('[profile team-7]');
  ranges[at] = { start, end: text.indexOf('[profile team-8]'), firstLine: 9 };
  writeFileSync(path, JSON.stringify(kept));
}

describe('loadAwsConfigFor on a large config', () => {
  const wanted = ['team-4321'];
  const both = ['team-4321', 'base'];

  it('remembers where the sections are and reads them again exactly as a full parse does', async () => {
    writeConfig(5_000);
    const first = await loadAwsConfigFor(env, wanted);
    expect(existsSync(sectionCachePath(env))).toBe(true);
    const second = await loadAwsConfigFor(env, wanted);
    const full = await loadAwsConfig(env);
    expect(snapshot(second, both)).toEqual(snapshot(first, both));
    expect(snapshot(second, both)).toEqual(snapshot(full, both));
    expect(second.profiles.get('team-4321')?.role_arn).toBe(
      'arn:aws:iam::123456789012:role/team-4321',
    );
    expect(second.names).toHaveLength(5_002);
    // The plan names the source profile the first load found through source_profile.
    const kept = JSON.parse(readFileSync(sectionCachePath(env), 'utf8'));
    expect(kept.entries[0].plan.want).toEqual(['team-4321', 'base']);
  });

  it('uses the remembered plan: one pointing elsewhere (with the same identity) is what the next load reads', async () => {
    writeConfig(5_000);
    await loadAwsConfigFor(env, wanted);
    pointPlanAtTeam7();
    const planned = await loadAwsConfigFor(env, wanted);
    expect(planned.profiles.has('team-7')).toBe(true);
    expect(planned.profiles.has('team-4321')).toBe(false);
  });

  it('scans again once the file is edited, even to the same size', async () => {
    writeConfig(5_000);
    await loadAwsConfigFor(env, wanted);
    // A plan that still fits the text: only the new identity can make it unused.
    pointPlanAtTeam7();
    writeConfig(5_000, { account: '210987654321' });
    const edited = await loadAwsConfigFor(env, wanted);
    expect(edited.profiles.has('team-7')).toBe(false);
    expect(edited.profiles.get('team-4321')?.role_arn).toBe(
      'arn:aws:iam::210987654321:role/team-4321',
    );
  });

  it('does not use a plan whose ranges do not fit the text, nor an unreadable cache file', async () => {
    writeConfig(5_000);
    const truth = snapshot(await loadAwsConfigFor(env, wanted), both);
    const path = sectionCachePath(env);
    const kept = JSON.parse(readFileSync(path, 'utf8'));
    kept.entries[0].plan.config[1].start += 1;
    writeFileSync(path, JSON.stringify(kept));
    expect(snapshot(await loadAwsConfigFor(env, wanted), both)).toEqual(truth);
    writeFileSync(path, '{"v":1,"entries":[{"key":');
    expect(snapshot(await loadAwsConfigFor(env, wanted), both)).toEqual(truth);
  });

  it('keeps one plan per set of wanted profiles', async () => {
    writeConfig(5_000);
    await loadAwsConfigFor(env, ['team-1']);
    await loadAwsConfigFor(env, ['team-2']);
    const kept = JSON.parse(readFileSync(sectionCachePath(env), 'utf8'));
    expect(kept.entries.map((e: { wanted: string[] }) => e.wanted)).toEqual([
      ['team-2'],
      ['team-1'],
    ]);
    expect((await loadAwsConfigFor(env, ['team-1'])).profiles.has('team-1')).toBe(true);
  });

  it.each([
    [
      'a line without "="',
      'region us-east-1\n',
      'a line that is neither "[section]" nor "key = value"',
      1,
    ],
    [
      'a key set twice',
      'Source_Profile = base\n',
      'key "source_profile" appears twice in a section',
      1,
    ],
    [
      'a nested value with a line without "="',
      's3 =\n  max_concurrent_requests 10\n',
      'the nested value of "s3" has a line without "="',
      1,
    ],
  ])(
    'refuses a file with %s in a section the resolution does not read, also once a plan was kept for the file',
    async (_what, defect, reason, lineInDefect) => {
      writeConfig(5_000);
      await loadAwsConfigFor(env, wanted);
      expect(existsSync(sectionCachePath(env))).toBe(true);
      // Appended to the last section, [profile team-4999].
      const lines = readFileSync(config, 'utf8').split('\n').length - 1;
      appendFileSync(config, defect);
      const line = lines + lineInDefect;
      const refused = `cannot parse ${config}: ${reason} on line ${line}`;
      await expect(loadAwsConfigFor(env, wanted)).rejects.toThrow(refused);
      // The same refusal as the full parse (list), on every run, settled or not.
      await expect(loadAwsConfig(env)).rejects.toThrow(refused);
      const then = Date.now() / 1000 - 60;
      utimesSync(config, then, then);
      await expect(loadAwsConfigFor(env, wanted)).rejects.toThrow(refused);
      await expect(loadAwsConfigFor(env, ['team-1'])).rejects.toThrow(refused);
    },
  );

  it('keeps the verdict from mid-sized configs on: their plans skip the full parse', async () => {
    writeConfig(50);
    expect(readFileSync(config).length).toBeGreaterThanOrEqual(SECTION_CACHE_MIN_BYTES);
    await loadAwsConfigFor(env, ['team-1']);
    const kept = JSON.parse(readFileSync(sectionCachePath(env), 'utf8'));
    expect(kept.entries.map((e: { wanted: string[] }) => e.wanted)).toEqual([['team-1']]);
  });

  it('remembers nothing for small configs or ones written within the last seconds', async () => {
    writeConfig(10);
    expect(readFileSync(config).length).toBeLessThan(SECTION_CACHE_MIN_BYTES);
    await loadAwsConfigFor(env, ['team-1']);
    expect(existsSync(sectionCachePath(env))).toBe(false);
    writeConfig(5_000, { ageSeconds: 0 });
    await loadAwsConfigFor(env, ['team-1']);
    expect(existsSync(sectionCachePath(env))).toBe(false);
  });
});

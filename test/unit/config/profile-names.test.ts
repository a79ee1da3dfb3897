import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { profileNamesIn, readProfileNames } from '../../../src/config/profile-names.js';

const dir = mkdtempSync(join(tmpdir(), 'awsrole-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The names the SDK's parser yields for one file, filtered as awsrole's loader filters them
 * (its parseProfiles). Not loadAwsConfig itself: that also refuses malformed lines outright,
 * which completion leaves to exec to report.
 */
async function sdkNames(file: 'config' | 'credentials', text: string): Promise<string[]> {
  const path = join(dir, file);
  const other = join(dir, 'missing');
  externalDataInterceptor.interceptFile(path, text);
  externalDataInterceptor.interceptFile(other, '');
  const files = await loadSharedConfigFiles(
    file === 'config'
      ? { configFilepath: path, filepath: other }
      : { configFilepath: other, filepath: path },
  );
  const names = [...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)];
  return file === 'config'
    ? names.filter((n) => !n.startsWith('sso-session.') && !n.startsWith('services.')).sort()
    : names.sort();
}

const fastNames = (file: 'config' | 'credentials', text: string) =>
  [...new Set(profileNamesIn(text, file))].sort();

const piece = fc.constantFrom(
  'profile',
  'sso-session',
  'services',
  'default',
  'team',
  '__proto__',
  'constructor',
  'a',
  'b1',
  ' ',
  '  ',
  '\t',
  '.',
  '-',
  '_',
  '@',
  '+',
  '%',
  ':',
  '/',
  '"',
  "'",
  '=',
  ';',
  '#',
  '[',
  ']',
  'é',
  '\u00a0',
);
const words = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
const line = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('[empty]', '[team]', '[profile team]', 'k=v', '[x=1', ''),
  },
  words.map((w) => `[${w}]`),
  fc.tuple(words, words).map(([a, b]) => `[${a}]${b}`),
  fc.tuple(words, words).map(([k, v]) => `${k}=${v}`),
  fc.tuple(words, words).map(([k, v]) => ` ${k} = ${v}`),
  words,
  fc.constantFrom(
    '',
    'region = us-east-1',
    'k=v',
    'k = ;v',
    'k = #v',
    'k =v ;c',
    's3 =',
    '  max = 1',
    '# [profile x]',
    '\ufeff[bom]',
    '[profile team]',
    '[profile team-2]',
    '[profile __proto__]',
    '[__proto__]',
    '[team]',
    '[profile sso-session.a]',
    '[profile services.b]',
    '[profile.c]',
    '[x=1',
    ' [y = 2',
    '[empty]',
    '[default]',
  ),
);
const file = fc
  .tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, eol]) => lines.join(eol));

describe('profile names', () => {
  it.each([
    [
      'config',
      '[default]\nregion = x\n[profile a:b@c+d%e/f.g]\nregion = y\n',
      ['a:b@c+d%e/f.g', 'default'],
    ],
    ['config', '[profile my team]\nregion = y\n[profile "quoted"]\nregion = y\n', ['quoted']],
    ['config', '[profile empty]\n\n[sso-session s]\nx = 1\n[services s]\nx = 1\n', []],
    [
      'credentials',
      '[ops admin team]\nx = 1\n[my team]\nx = 1\n[plain]\nx = 1\n',
      ['ops admin team', 'plain'],
    ],
    ['config', '[__proto__]\nx = 1\n[profile ok]\nx = 1\n', []],
    // A section without settings ends at the next header, even one read by the fast path.
    ['credentials', '[empty]\n[team]\nk=v\n', ['team']],
    ['credentials', '[empty]\n[team]\nk=v\n[x=1\n', ['team']],
    ['config', '[profile empty]\n[profile team]\nk = v\n[default]\n', ['team']],
  ] as const)('reads %s text %j as the SDK does', async (kind, text, expected) => {
    expect(fastNames(kind, text)).toEqual([...expected].sort());
    expect(await sdkNames(kind, text)).toEqual([...expected].sort());
  });

  it('agrees with the SDK parser on generated config and credentials files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('config', 'credentials'), file, async (kind, text) => {
        const k = kind as 'config' | 'credentials';
        expect(fastNames(k, text)).toEqual(await sdkNames(k, text));
      }),
      { numRuns: 400 },
    );
  });

  it('merges both files and treats missing files as empty', async () => {
    const config = join(dir, 'merged-config');
    const credentials = join(dir, 'merged-credentials');
    writeFileSync(config, '[profile b]\nregion = x\n[default]\nregion = x\n');
    writeFileSync(credentials, '[a b c]\naws_access_key_id = x\n[default]\nx = y\n');
    const env = { HOME: dir, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
    expect(readProfileNames(env).sort()).toEqual(['a b c', 'b', 'default']);
    expect(readProfileNames({ HOME: join(dir, 'nowhere') })).toEqual([]);
  });
});

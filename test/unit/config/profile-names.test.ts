import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { profileNamesIn, readProfileNames } from '../../../src/config/profile-names.js';
import { botocoreView, hasBotocore } from '../../support/botocore/peer.js';
import { requirePeer } from '../../support/require-peer.js';

const dir = mkdtempSync(join(tmpdir(), 'awsrole-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The names botocore lists for one file (the other empty), sorted; none when it refuses the file. */
function botocoreNames(
  cases: readonly { kind: 'config' | 'credentials'; text: string }[],
): string[][] {
  const views = botocoreView(
    cases.map((c) =>
      c.kind === 'config'
        ? { config: c.text, credentials: '' }
        : { config: '', credentials: c.text },
    ),
  );
  return views.map((v) => ('error' in v ? [] : [...v.names].sort()));
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
  const botocore = requirePeer('python3 with botocore', hasBotocore());

  it.runIf(botocore).each([
    ['config', '[default]\nregion = x\n[profile a:b@c+d%e/f.g]\nregion = y\n'],
    ['config', '[profile my team]\nregion = y\n[profile "quoted"]\nregion = y\n'],
    ['config', '[profile empty]\n\n[sso-session s]\nx = 1\n[services s]\nx = 1\n'],
    ['credentials', '[ops admin team]\nx = 1\n[my team]\nx = 1\n[plain]\nx = 1\n'],
    ['config', '[__proto__]\nx = 1\n[profile ok]\nx = 1\n'],
    ['credentials', '[empty]\n[team]\nk=v\n'],
    ['credentials', '[empty]\n[team]\nk=v\n[x=1\n'],
    ['config', '[profile empty]\n[profile team]\nk = v\n[default]\n'],
  ] as const)('reads %s text %j as botocore does', (kind, text) => {
    expect(fastNames(kind, text)).toEqual(botocoreNames([{ kind, text }])[0]);
  });

  it.runIf(botocore)('agrees with botocore on generated config and credentials files', () => {
    const cases = fc.sample(
      fc.record({ kind: fc.constantFrom('config' as const, 'credentials' as const), text: file }),
      { numRuns: 400, seed: 15 },
    );
    const oracle = botocoreNames(cases);
    for (const [i, c] of cases.entries()) {
      expect(fastNames(c.kind, c.text), JSON.stringify(c)).toEqual(oracle[i]);
    }
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

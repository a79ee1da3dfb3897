// The lean index of a resolution agrees with the full header index, on hand-picked and generated files.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSections,
  indexSections,
  sectionHeader,
  sliceSections,
} from '../../../src/config/config-sections.js';
import { firstBrokenHeader, indexWanted } from '../../../src/config/wanted-sections.js';
import { iniFile, NAMES } from '../../support/config-arbitrary.js';

/** Header-like lines that are easy to get wrong: comments, brackets, blanks, quotes. */
const HEADER_LINES = [
  '[profile a]',
  '  [profile a]  ',
  '[profile a] ; note',
  '[profile a]#x',
  '[profile a #x]',
  '[profile a;x]',
  '[profile a] ;x]',
  '[profile a',
  '[a]b]',
  '[]',
  '[ ]',
  '\t[default]\t# c',
  '[profile a]\u000b',
  '[profile "q"]',
  '[profile a]] ',
];

const headerish = fc.oneof(
  fc.constantFrom(...HEADER_LINES),
  fc
    .tuple(
      fc.constantFrom('', ' ', '\t'),
      fc.string({ maxLength: 10 }),
      fc.constantFrom(']', '', '] ;c', ' #c]'),
    )
    .map(([lead, body, tail]) => `${lead}[${body.replace(/[\r\n]/g, '')}${tail}`),
);

describe('firstBrokenHeader', () => {
  it.each(HEADER_LINES)('%j: broken exactly when sectionHeader says it is no header', (line) => {
    const text = `region = x\n${line}\nkey = v\n`;
    expect(firstBrokenHeader(text) !== undefined).toBe(sectionHeader(line) === undefined);
  });

  it('finds the first broken header line of any file, as the full index does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(headerish, fc.constantFrom('k = v', '', '# c')), { maxLength: 12 }),
        (lines) => {
          const text = lines.join('\n');
          expect(firstBrokenHeader(text)).toBe(indexSections(text, true).broken[0]);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('indexWanted', () => {
  it('checks and slices exactly like the full index for every wanted set', () => {
    fc.assert(
      fc.property(iniFile, fc.subarray([...NAMES]), fc.boolean(), (text, names, configFile) => {
        const wanted = new Set(names);
        const full = indexSections(text, configFile);
        const lean = indexWanted(text, configFile, wanted);
        expect(checkSections(text, lean, wanted)).toEqual(checkSections(text, full, wanted));
        if (checkSections(text, full, wanted) === undefined) {
          expect(sliceSections(text, lean.sections, wanted)).toBe(
            sliceSections(text, full.sections, wanted),
          );
        }
      }),
      { numRuns: 400 },
    );
  });

  it('finds a profile in a 10,000-profile file without naming every header', () => {
    const lines = ['[default]', 'region = us-east-1'];
    for (let i = 0; i < 10_000; i++) {
      lines.push(`[profile team-${i}]`, `source_profile = default`, 'region = eu-west-1');
    }
    const text = lines.join('\n');
    const lean = indexWanted(text, true, new Set(['team-9999', 'default']));
    expect(lean.sections.map((s) => s.name)).toEqual(['default', 'team-9999']);
    expect(sliceSections(text, lean.sections, new Set(['team-9999']))).toBe(
      '[profile team-9999]\nsource_profile = default\nregion = eu-west-1',
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstMalformedLine,
  indexSections,
  sectionNames,
  sliceSections,
} from '../../../src/config/config-sections.js';

const CONFIG = `# comment
[default]
region = us-east-1

[profile prod]
role_arn = arn:aws:iam::123456789012:role/prod
source_profile = default
s3 =
  max_concurrent_requests = 10

[profile  "odd.name@x"] ; comment
region = eu-west-1
[sso-session corp]
sso_region = us-east-1
`;

describe('indexSections / sliceSections', () => {
  it('names the profile of each header, loosely', () => {
    const sections = indexSections(CONFIG, true);
    expect(sectionNames(sections)).toEqual(['default', 'prod', 'odd.name@x']);
  });

  it('slices exactly the wanted sections, in file order, with their continuation lines', () => {
    const sections = indexSections(CONFIG, true);
    const text = sliceSections(CONFIG, sections, new Set(['prod']));
    expect(text).toContain('[profile prod]');
    expect(text).toContain('max_concurrent_requests = 10');
    expect(text).not.toContain('[default]');
    expect(text).not.toContain('sso_region');
  });

  it('reads credentials-file headers as plain names', () => {
    expect(sectionNames(indexSections('[default]\na=1\n[work]\nb=2\n', false))).toEqual([
      'default',
      'work',
    ]);
  });
});

describe('firstMalformedLine', () => {
  it('accepts a valid file', () => {
    expect(firstMalformedLine(CONFIG)).toBeUndefined();
  });

  it.each([
    ['[default]\nregion us-east-1\n', 2],
    ['region = us-east-1\n[default]\n', 1],
    ['[default]\n= value\n', 2],
    ['[default\nregion = x\n', 1],
  ])('reports the line of %j', (text, line) => {
    expect(firstMalformedLine(text)).toBe(line);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const line = firstMalformedLine(text);
        expect(line === undefined || (Number.isInteger(line) && line >= 1)).toBe(true);
        const sections = indexSections(text, true);
        expect(() => sliceSections(text, sections, new Set(sectionNames(sections)))).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});

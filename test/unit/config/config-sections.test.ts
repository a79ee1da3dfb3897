import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSections,
  firstMalformedLine,
  indexSections,
  refusedSectionLine,
  type Section,
  sliceSections,
} from '../../../src/config/config-sections.js';

/** The profile names the indexed headers give, in file order. */
function sectionNames(sections: readonly Section[]): string[] {
  return sections.flatMap((s) => (s.name === undefined ? [] : [s.name]));
}

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
  it('names the profile of each header as the SDK does (it drops "[profile  x]" with two spaces)', () => {
    const sections = indexSections(CONFIG, true).sections;
    expect(sectionNames(sections)).toEqual(['default', 'prod', 'sso-session.corp']);
    const quoted = '[profile "odd.name@x"] ; comment\n[profile.dotted]\n[sso-session corp]\n';
    // An [sso-session] section is named by the SDK's own key for it, so SSO profiles can want it.
    expect(sectionNames(indexSections(quoted, true).sections)).toEqual([
      'odd.name@x',
      'dotted',
      'sso-session.corp',
    ]);
  });

  it('takes "[x]#c" as no header, as the SDK does: a comment needs a space before it', () => {
    expect(
      sectionNames(indexSections('[profile a]#c\nregion = x\n[profile b] #c\n', true).sections),
    ).toEqual(['b']);
  });

  it('slices exactly the wanted sections, in file order, with their continuation lines', () => {
    const sections = indexSections(CONFIG, true).sections;
    const text = sliceSections(CONFIG, sections, new Set(['prod']));
    expect(text).toContain('[profile prod]');
    expect(text).toContain('max_concurrent_requests = 10');
    expect(text).not.toContain('[default]');
    expect(text).not.toContain('sso_region');
  });

  it('reads credentials-file headers as plain names', () => {
    expect(sectionNames(indexSections('[default]\na=1\n[work]\nb=2\n', false).sections)).toEqual([
      'default',
      'work',
    ]);
  });
});

describe('checkSections', () => {
  const text = '# top\n[profile a]\nregion = x\n[profile b]\nregion y\n[profile c]\nregion = z\n';

  it('checks only the wanted sections, with line numbers of the whole file', () => {
    const index = indexSections(text, true);
    expect(checkSections(text, index, new Set(['a', 'c']))).toBeUndefined();
    expect(checkSections(text, index, new Set(['b']))).toEqual({ kind: 'malformed', line: 5 });
  });

  it('always reports a broken header and a "__proto__" profile, wherever they are', () => {
    const broken = `${text}[profile d\n`;
    expect(checkSections(broken, indexSections(broken, true), new Set(['a']))).toEqual({
      kind: 'malformed',
      line: 8,
    });
    const proto = `${text}[profile __proto__]\n`;
    expect(checkSections(proto, indexSections(proto, true), new Set(['a']))).toEqual({
      kind: 'refused',
      line: 8,
    });
  });

  it('reports a malformed line before the first header', () => {
    const early = `region = x\n${text}`;
    expect(checkSections(early, indexSections(early, true), new Set(['a']))?.line).toBe(1);
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
    ['[default]\nregion = x\n[profile a]#c\nregion = y\n', 3],
  ])('reports the line of %j', (text, line) => {
    expect(firstMalformedLine(text)).toBe(line);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const line = firstMalformedLine(text);
        expect(line === undefined || (Number.isInteger(line) && line >= 1)).toBe(true);
        const index = indexSections(text, true);
        const names = new Set(sectionNames(index.sections));
        expect(() => sliceSections(text, index.sections, names)).not.toThrow();
        const problem = checkSections(text, index, names);
        expect(problem === undefined || problem.line >= 1).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('refusedSectionLine', () => {
  it('finds a "__proto__" profile, which makes the SDK ignore the whole file', () => {
    expect(refusedSectionLine('[default]\nregion = x\n[profile __proto__]\n')).toBe(3);
    expect(refusedSectionLine('[__proto__] ; c\r\n')).toBe(1);
    expect(refusedSectionLine('[profile proto]\n# [profile __proto__]\n')).toBeUndefined();
  });
});

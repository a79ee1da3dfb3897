import { describe, expect, it } from 'vitest';
import { bashReplies, parseBashLine } from '../../../../src/cli/complete/bash.js';

/** bash's default COMP_WORDBREAKS. */
const BREAKS = ' \t\n"\'><=;|&(:';

describe('parseBashLine', () => {
  it('splits words and unquotes them as bash does', () => {
    expect(parseBashLine(`awsrole exec 'a b' c\\ d "e\\"f" `, BREAKS)).toEqual({
      words: ['awsrole', 'exec', 'a b', 'c d', 'e"f'],
      current: '',
      quote: '',
      kept: 0,
    });
  });

  it('reports an open quote: readline completes from just after it', () => {
    expect(parseBashLine("awsrole exec --source='ops ad", BREAKS)).toMatchObject({
      current: '--source=ops ad',
      quote: "'",
      kept: '--source='.length,
    });
    expect(parseBashLine('awsrole exec "ops', BREAKS)).toMatchObject({
      current: 'ops',
      quote: '"',
      kept: 0,
    });
  });

  it('keeps what lies before the last unquoted word break (= and :)', () => {
    expect(parseBashLine('awsrole export --format=js', BREAKS)).toMatchObject({
      current: '--format=js',
      kept: '--format='.length,
    });
    expect(parseBashLine('awsrole exec team:de', BREAKS)).toMatchObject({
      current: 'team:de',
      kept: 'team:'.length,
    });
    // An escaped or quoted break is part of the word.
    expect(parseBashLine('awsrole exec team\\:de', BREAKS)).toMatchObject({ kept: 0 });
    expect(parseBashLine("awsrole exec 'team:'de", BREAKS)).toMatchObject({ kept: 0 });
  });
});

describe('bashReplies', () => {
  const names = ['ops admin team', 'team:dev@eu', "it's", 'prod'];
  const reply = (line: string) => bashReplies(names, parseBashLine(line, BREAKS)).split('\n');

  it('filters by what was typed and backslash-quotes outside quotes', () => {
    expect(reply('awsrole exec ')).toEqual(['ops\\ admin\\ team', 'team:dev@eu', "it\\'s", 'prod']);
    expect(reply('awsrole exec ops\\ a')).toEqual(['ops\\ admin\\ team']);
  });

  it('quotes for the open quote, which readline closes after a single match', () => {
    expect(reply("awsrole exec 'i")).toEqual(["it'\\''s"]);
    expect(reply('awsrole exec "o')).toEqual(['ops admin team']);
  });

  it('replaces only the text after a word break', () => {
    expect(reply('awsrole exec team:d')).toEqual(['dev@eu']);
    expect(bashReplies(['--format=json'], parseBashLine('awsrole export --format=j', BREAKS))).toBe(
      'json',
    );
  });
});

// shlex.split as botocore uses it on section headers, compared with Python's own shlex.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withoutLines } from '../../../src/commands/credentials-file-keys.js';
import { shlexSplit } from '../../../src/config/botocore-profiles.js';

const HEADERS = [
  'profile a',
  'profile  spaced ',
  'profile "my team"',
  "profile 'single quoted'",
  'profile "with \\"escaped\\" quotes"',
  'profile a\\ b',
  'profile "unclosed',
  'profile trailing\\',
  'profile ""',
  'profile "a"b\'c\'',
  'profile\ttab',
  'profile "back\\\\slash"',
  'profile "keep \\n backslash"',
];

describe('shlexSplit', () => {
  it("splits every header as Python's shlex.split does (None where it raises)", () => {
    const script =
      'import json, shlex, sys\n' +
      'out = []\n' +
      'for h in json.load(sys.stdin):\n' +
      '    try: out.append(shlex.split(h))\n' +
      '    except ValueError: out.append(None)\n' +
      'print(json.dumps(out))';
    const run = spawnSync('python3', ['-c', script], {
      input: JSON.stringify(HEADERS),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const python = JSON.parse(run.stdout) as (string[] | null)[];
    expect(HEADERS.map((h) => shlexSplit(h) ?? null)).toEqual(python);
  });
});

describe('withoutLines', () => {
  it('drops exactly the numbered lines and keeps every other byte, line ends included', () => {
    const text = 'a\r\nb\nc\rd\n\ne';
    expect(withoutLines(text, new Set([2, 4]))).toBe('a\r\nc\r\ne');
    expect(withoutLines(text, new Set())).toBe(text);
  });
});

import {
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AwsroleError,
  CodedError,
  ExitCode,
  fileErrorHint,
  formatError,
  maskKeyIds,
  pathError,
  printable,
  SigninError,
  SsoError,
  StsError,
  shellQuote,
  usageError,
} from '../../src/errors.js';
import { requireKeys } from '../../src/store/stored-keys.js';
import { MemoryStore } from '../support/fakes/memory-store.js';

describe('formatError', () => {
  it('is message plus hint in parentheses, after "awsrole: "', () => {
    expect(formatError(usageError('bad thing', 'do this'))).toBe('awsrole: bad thing (do this)');
  });

  it('is always "message (next step)", whatever the hint holds', () => {
    expect(formatError(usageError('no keyring', 'start one (e.g. gnome-keyring) first'))).toBe(
      'awsrole: no keyring (start one (e.g. gnome-keyring) first)',
    );
    expect(formatError(usageError('no credentials', 'run `eval "$(awsrole export r)"`'))).toBe(
      'awsrole: no credentials (run `eval "$(awsrole export r)"`)',
    );
    expect(formatError(usageError('bad thing'))).toBe('awsrole: bad thing');
  });

  it('keeps a message that quotes a newline or a terminal escape on one harmless line', () => {
    const error = usageError('invalid session name "a\nb\u001b[2J\r"', 'use\tthis');
    expect(formatError(error)).toBe(
      'awsrole: invalid session name "a\\nb\\u001b[2J\\r" (use\\tthis)',
    );
  });

  it('is always one line without control characters, whatever the message quotes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.option(fc.string({ unit: 'binary' })),
        (m, h) => {
          const line = formatError(new AwsroleError(m, { exitCode: 2, hint: h ?? undefined }));
          expect(line).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves printable text, quotes and non-ASCII letters alone', () => {
    expect(printable('profile "prod-ü" at ~/.aws/config:3')).toBe(
      'profile "prod-ü" at ~/.aws/config:3',
    );
  });
});

describe('shellQuote', () => {
  it('leaves plain words bare and quotes the rest so any shell reads them back as one word', () => {
    expect(shellQuote('prod-eu.1')).toBe('prod-eu.1');
    expect(shellQuote('my team')).toBe("'my team'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('=cmd')).toBe("'=cmd'");
  });

  it("quotes the profile in a hint: `awsrole add 'my team'`", async () => {
    await expect(requireKeys(new MemoryStore(), 'my team')).rejects.toMatchObject({
      hint: "run `awsrole add 'my team'` first, or pick another source with --source",
    });
  });
});

describe('maskKeyIds', () => {
  it('masks long-term and temporary key ids, and nothing else', () => {
    expect(maskKeyIds('token AKIAIOSFODNN7EXAMPLE and ASIAIOSFODNN7EXAMPLE, AKIA1234 stays')).toBe(
      'token AKIA**************** and ASIA****************, AKIA1234 stays',
    );
  });
});

describe('the error classes', () => {
  it('are plain subclasses: instanceof follows the class chain (no brands)', () => {
    const sts = new StsError('AccessDenied', 'denied', { exitCode: ExitCode.aws });
    expect(sts).toBeInstanceOf(CodedError);
    expect(sts).toBeInstanceOf(AwsroleError);
    expect(sts).not.toBeInstanceOf(SsoError);
    expect(
      new SigninError(400, 'AccessDeniedException', 'TOKEN_EXPIRED', 'gone', {
        exitCode: ExitCode.aws,
      }),
    ).toBeInstanceOf(AwsroleError);
    expect(usageError('x')).not.toBeInstanceOf(CodedError);
    expect({ exitCode: 2 } instanceof AwsroleError).toBe(false);
    expect(Object.hasOwn(AwsroleError, Symbol.hasInstance)).toBe(false);
  });
});

describe('file-system errors on a path', () => {
  const root = mkdtempSync(join(tmpdir(), 'awsrole-errors-'));
  const file = join(root, 'a-file');
  writeFileSync(file, '');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const raw = (call: () => unknown): unknown => {
    try {
      call();
    } catch (error) {
      return error;
    }
    throw new Error('no error');
  };

  it('a raw ENOTDIR is one line naming the path, exit 3, never "unexpected error"', () => {
    const error = pathError(raw(() => mkdirSync(join(file, 'sub', 'dir'), { recursive: true })));
    expect(error?.exitCode).toBe(ExitCode.config);
    expect(formatError(error as AwsroleError)).toBe(
      `awsrole: cannot mkdir ${join(file, 'sub', 'dir')}: ENOTDIR (a part of the path is not a directory: move it aside, or point the setting that names it elsewhere)`,
    );
  });

  it('a directory where a file should be (EISDIR) says so', () => {
    const error = pathError(raw(() => openSync(root, 'w')));
    expect(error?.message).toBe(`cannot open ${root}: EISDIR`);
    expect(error?.hint).toMatch(/^a directory is where a file should be/);
  });

  it('leaves every other error alone (a bug stays a bug)', () => {
    expect(pathError(new TypeError('x is undefined'))).toBeUndefined();
    expect(pathError(Object.assign(new Error('no path'), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(pathError(usageError('bad'))).toBeUndefined();
  });

  it('each place names its own way out: the store, the AWS CLI caches, the AWS files', () => {
    expect(fileErrorHint('ENOTDIR', 'x', 'set AWSROLE_FILE_DIR to a writable directory')).toBe(
      'a part of the path is not a directory: move it aside, or set AWSROLE_FILE_DIR to a writable directory',
    );
    expect(fileErrorHint('ENOSPC', 'x', 'y')).toBe('free some disk space, then retry');
    expect(fileErrorHint('EACCES', 'the aws login cache', 'set Z')).toBe(
      'check the permissions of the aws login cache, or set Z',
    );
  });
});

/** A template literal's text without its `${...}` parts (which may hold literals of their own). */
function withoutInterpolations(text: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (depth > 0 && text[i] === '{') depth++;
    else if (depth > 0 && text[i] === '}') depth--;
    else if (depth === 0) out += text[i];
  }
  return out;
}

/**
 * The text of a JavaScript expression's string literals, from `from` to the first top-level `,`,
 * `;` or closing bracket; `${...}` parts and code spans (`...`) inside the literals left out.
 */
function literalText(source: string, from: number): string {
  let text = '';
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === "'" || c === '"' || c === '`') {
      let end = i + 1;
      let nested = 0;
      while (end < source.length && (source[end] !== c || nested > 0)) {
        if (source[end] === '\\') end++;
        else if (c === '`' && source.startsWith('${', end)) nested++;
        else if (nested > 0 && source[end] === '}') nested--;
        end++;
      }
      const literal = source.slice(i + 1, end);
      text += ` ${(c === '`' ? withoutInterpolations(literal) : literal).replace(/\\?`[^`]*?\\?`/g, '')}`;
      i = end;
    } else if ('([{'.includes(c)) depth++;
    else if (')]};'.includes(c) || (c === ',' && depth === 0)) {
      if (depth === 0) return text;
      depth--;
    }
  }
  return text;
}

/** Where each hint of src/ starts: `hint:` / `hint =` and the second argument of the error builders. */
function hintStarts(source: string): number[] {
  const starts = [...source.matchAll(/\b\w*[hH]int\s*(?::|=(?!=))\s*/g)].map(
    (m) => m.index + m[0].length,
  );
  for (const m of source.matchAll(/\b(?:usageError|configError|storeError)\(/g)) {
    const first = m.index + m[0].length;
    let depth = 0;
    for (let i = first; i < source.length; i++) {
      const c = source[i] ?? '';
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c) && depth-- === 0) break;
      else if (c === ',' && depth === 0) {
        starts.push(i + 1);
        break;
      } else if (c === "'" || c === '"' || c === '`') {
        // Skip the literal (no nesting needed: a comma inside one is not an argument separator).
        const close = source.indexOf(c, i + 1);
        i = close === -1 ? source.length : close;
      }
    }
  }
  return starts;
}

describe('the hints in src/', () => {
  it('have no parentheses of their own (formatError puts each in parentheses)', () => {
    const src = new URL('../../src/', import.meta.url);
    const nested: string[] = [];
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const source = readFileSync(new URL(file, src), 'utf8');
      for (const start of hintStarts(source)) {
        const text = literalText(source, start);
        if (/[()]/.test(text)) nested.push(`${file}: ${text.trim()}`);
      }
    }
    expect(nested).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AwsroleError, formatError, maskKeyIds, printable, usageError } from '../../src/errors.js';

describe('formatError', () => {
  it('is message plus hint in parentheses, after "awsrole: "', () => {
    expect(formatError(usageError('bad thing', 'do this'))).toBe('awsrole: bad thing (do this)');
  });

  it('never nests parentheses: a hint with its own follows a dash; parentheses inside `code` do not count', () => {
    expect(formatError(usageError('no keyring', 'start one (e.g. gnome-keyring) first'))).toBe(
      'awsrole: no keyring - start one (e.g. gnome-keyring) first',
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

describe('maskKeyIds', () => {
  it('masks long-term and temporary key ids, and nothing else', () => {
    expect(maskKeyIds('token AKIAIOSFODNN7EXAMPLE and ASIAIOSFODNN7EXAMPLE, AKIA1234 stays')).toBe(
      'token AKIA**************** and ASIA****************, AKIA1234 stays',
    );
  });
});

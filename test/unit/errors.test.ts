import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StsError } from '../../src/credentials/sts-errors.js';
import {
  AwsroleError,
  CodedError,
  ExitCode,
  formatError,
  maskKeyIds,
  printable,
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

describe('instanceof across bundle copies', () => {
  it('holds for the same kind from another copy of the module, and not for another kind', async () => {
    // A second instance of the module, as a separately bundled leaf (the SDK calls) has.
    const another = (path: string) =>
      import(/* @vite-ignore */ `${new URL(path, import.meta.url).href}?copy`);
    const copy = (await another(
      '../../src/credentials/sts-errors.ts',
    )) as typeof import('../../src/credentials/sts-errors.js');
    const otherErrors = (await another(
      '../../src/errors.ts',
    )) as typeof import('../../src/errors.js');
    expect(otherErrors.AwsroleError).not.toBe(AwsroleError);
    const foreign = new copy.StsError('AccessDenied', 'denied', { exitCode: ExitCode.aws });
    expect(foreign instanceof AwsroleError).toBe(true);
    expect(foreign instanceof StsError).toBe(true);
    const plain = new otherErrors.AwsroleError('x', { exitCode: ExitCode.usage });
    expect(plain instanceof AwsroleError).toBe(true);
    expect(plain instanceof StsError).toBe(false);
    expect(new Error('x') instanceof AwsroleError).toBe(false);
    expect({ exitCode: 2 } instanceof AwsroleError).toBe(false);
  });

  it('a subclass without a kind of its own gets plain instanceof, not every AwsroleError', () => {
    class Local extends AwsroleError {}
    expect(new Local('x', { exitCode: ExitCode.usage }) instanceof Local).toBe(true);
    expect(new Local('x', { exitCode: ExitCode.usage }) instanceof AwsroleError).toBe(true);
    expect(usageError('x') instanceof Local).toBe(false);
  });

  it('every error class in src declares its own kind', async () => {
    const { SsoError } = await import('../../src/sso/sso-api.js');
    const kinds = [AwsroleError, CodedError, StsError, SsoError].map((c) => c.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(usageError('x') instanceof SsoError).toBe(false);
  });
});

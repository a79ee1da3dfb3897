// The entry file spells out two exit statuses to stay chunk-free; they must stay those of errors.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';

const main = readFileSync(new URL('../../src/main.ts', import.meta.url), 'utf8');

describe('src/main.ts', () => {
  it('uses the exit statuses errors.ts documents', () => {
    expect(main).toContain(`const EXIT_OK = ${ExitCode.ok};`);
    expect(main).toContain(`const EXIT_INTERNAL = ${ExitCode.internal};`);
  });

  it('imports nothing at run time but the compile-cache helper, the prompt and the output writer the prompt uses too (types are erased)', () => {
    const runtimeImports = [...main.matchAll(/^import (?!type )[^;]+ from '([^']+)';$/gm)].map(
      (m) => m[1],
    );
    expect(runtimeImports).toEqual([
      './cli/fast-prompt.js',
      './cli/output.js',
      './runtime/compile-cache.js',
    ]);
  });
});

import { expect } from 'vitest';

// Fails when any of the secrets occurs in the text; the report names only a prefix of each.
export function expectNoSecrets(text: string, secrets: readonly (string | undefined)[]): void {
  const leaked = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 8 && text.includes(s))
    .map((s) => `${s.slice(0, 4)}… (${s.length} chars)`);
  expect(leaked, 'secrets found in the text').toEqual([]);
}

// The lines of a process's stderr, without a trailing empty one.
export function lines(text: string): string[] {
  return text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
}

// Remembers which sections of large AWS config files a resolution reads, keyed by the files' identity.
import { join } from 'node:path';
import { awsroleCacheDir, identityCache } from './file-identity.js';
import type { KeptRange } from './partial-config.js';

/** What one resolution read: every profile it needed (with their sources), and where their sections are. */
export interface SectionPlan {
  readonly want: readonly string[];
  readonly config: readonly KeptRange[];
  readonly credentials: readonly KeptRange[];
}

interface Entry {
  readonly key: string;
  readonly wanted: readonly string[];
  readonly plan: SectionPlan;
}

/** Plans kept for the files' current identity (one per set of wanted profiles, most recent first). */
const MAX_ENTRIES = 16;

const NAME = 'config-sections';

// Where the section plans live: $XDG_CACHE_HOME/awsrole/config-sections.
export function sectionCachePath(env: NodeJS.ProcessEnv): string {
  return join(awsroleCacheDir(env), NAME);
}

/**
 * Finding the sections a resolution needs in a 10,000-profile file means
 * naming every header (botocore refuses a file with a repeated section
 * anywhere): ~15 ms on every exec. So for files of 256 KiB and more, where
 * the sections were found is kept (offsets and line numbers, no values) under
 * the files' identity (path, inode, size, mtime and ctime in nanoseconds) and
 * the wanted profiles; any edit changes the identity and the files are
 * scanned again. Taken before the files are read, so a change in between
 * gives a new identity, never an old plan for new contents. Files modified in
 * the last two seconds are not remembered (they may change again within one
 * timestamp tick).
 */
export function sectionCache(env: NodeJS.ProcessEnv, paths: readonly string[]) {
  const cache = identityCache(env, NAME, paths);
  const { key } = cache.identity;
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((name, i) => name === b[i]);
  const entries = () => parseEntries(cache.read(), key);
  return {
    get(wanted: readonly string[]): SectionPlan | undefined {
      return entries().find((e) => same(e.wanted, wanted))?.plan;
    },
    put(wanted: readonly string[], plan: SectionPlan): void {
      if (!cache.active || !cache.identity.settled) return;
      const others = entries().filter((e) => !same(e.wanted, wanted));
      const kept = [{ key, wanted, plan }, ...others].slice(0, MAX_ENTRIES);
      cache.write(JSON.stringify({ v: 1, entries: kept }));
    },
  };
}

/** The entries for this identity; none from an unreadable or foreign file. */
function parseEntries(text: string | undefined, key: string): Entry[] {
  if (text === undefined) return [];
  try {
    const value = JSON.parse(text) as { v?: unknown; entries?: unknown };
    if (value.v !== 1 || !Array.isArray(value.entries)) return [];
    return (value.entries as Entry[]).filter((e) => e?.key === key && soundEntry(e));
  } catch {
    return [];
  }
}

function soundEntry(e: Entry): boolean {
  const names = (list: unknown) =>
    Array.isArray(list) && list.every((n: unknown) => typeof n === 'string');
  const ranges = (list: unknown) =>
    Array.isArray(list) &&
    list.every(
      (r: Partial<KeptRange> | null) =>
        Number.isInteger(r?.start) && Number.isInteger(r?.end) && Number.isInteger(r?.firstLine),
    );
  return (
    names(e.wanted) && names(e.plan?.want) && ranges(e.plan?.config) && ranges(e.plan?.credentials)
  );
}

// Remembers that AWS config files botocore accepts were checked, and which of their sections a resolution reads, keyed by the files' identity.
import { join } from 'node:path';
import { awsroleCacheDir, identityCache } from './file-identity.js';
import type { KeptRange } from './partial-config.js';

/** What one resolution read: every profile it needed (with their sources), and where their sections are. */
export interface SectionPlan {
  readonly want: readonly string[];
  readonly config: readonly KeptRange[];
  readonly credentials: readonly KeptRange[];
}

/** Plans kept for the files' current identity (one per set of wanted profiles, most recent first). */
const MAX_ENTRIES = 16;

/**
 * From this size (both files together) the verdict and the plans are kept.
 * Below it (a dozen profiles) the full parse adds ~0.5 ms to a run, not
 * much more than reading the cache file; above it the cost grows by ~0.3 ms
 * a KiB on a cold process (measured on Node 24, docs/performance.md).
 */
export const SECTION_CACHE_MIN_BYTES = 2 * 1024;

const NAME = 'config-sections';

// Where the section plans live: $XDG_CACHE_HOME/awsrole/config-sections.
export function sectionCachePath(env: NodeJS.ProcessEnv): string {
  return join(awsroleCacheDir(env), NAME);
}

/** What is known about the files as they are now: whether botocore accepts them, and the plans. */
export interface SectionCache {
  /** The files are large enough for the cache to be kept (SECTION_CACHE_MIN_BYTES). */
  readonly active: boolean;
  /** The whole text of the files with this identity was parsed, and botocore accepts it. */
  readonly validated: boolean;
  /** The plan remembered for these wanted profiles, if any (only ever for a validated identity). */
  get(wanted: readonly string[]): SectionPlan | undefined;
  /** Remembers that a full parse of the files as they are now succeeded. */
  validate(): void;
  /** Remembers a plan, once the files were validated. */
  put(wanted: readonly string[], plan: SectionPlan): void;
}

/**
 * awsrole refuses a file the aws CLI refuses, wherever the problem is, and
 * that takes a parse of every line: ~60 ms for a 10,000-profile config on
 * this project's machine, and finding the sections a resolution needs means
 * naming every header, ~15 ms more. So once a full parse of the files
 * succeeded, that verdict is kept under the files' identity (path, inode,
 * size, mtime and ctime in nanoseconds), and with it, per set of wanted
 * profiles, where their sections were found (offsets and line numbers, no
 * values). A plan therefore only ever exists for an identity whose whole
 * text was validated; any edit changes the identity, and the next run
 * parses everything again. Taken before the files are read, so a change in
 * between gives a new identity, never an old verdict for new contents. Files
 * modified in the last two seconds are not remembered (they may change again
 * within one timestamp tick).
 */
export function sectionCache(env: NodeJS.ProcessEnv, paths: readonly string[]): SectionCache {
  const cache = identityCache(env, NAME, paths, SECTION_CACHE_MIN_BYTES);
  const { key } = cache.identity;
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((name, i) => name === b[i]);
  let kept = parseKept(cache.read(), key);
  const write = (entries: Entry[]) => {
    kept = { validated: true, entries: entries.slice(0, MAX_ENTRIES) };
    cache.write(JSON.stringify({ v: 2, key, entries: kept.entries }));
  };
  return {
    active: cache.active,
    get validated() {
      return kept.validated;
    },
    get(wanted) {
      return kept.entries.find((e) => same(e.wanted, wanted))?.plan;
    },
    validate() {
      if (!kept.validated) write([]);
    },
    put(wanted, plan) {
      if (!kept.validated) return;
      write([{ wanted, plan }, ...kept.entries.filter((e) => !same(e.wanted, wanted))]);
    },
  };
}

interface Entry {
  readonly wanted: readonly string[];
  readonly plan: SectionPlan;
}

/** The verdict and plans for this identity; nothing from an unreadable, older or foreign file. */
function parseKept(
  text: string | undefined,
  key: string,
): { validated: boolean; entries: Entry[] } {
  const none = { validated: false, entries: [] };
  if (text === undefined) return none;
  try {
    const value = JSON.parse(text) as { v?: unknown; key?: unknown; entries?: unknown };
    if (value.v !== 2 || value.key !== key || !Array.isArray(value.entries)) return none;
    return { validated: true, entries: (value.entries as Entry[]).filter(soundEntry) };
  } catch {
    return none;
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
    names(e?.wanted) &&
    names(e?.plan?.want) &&
    ranges(e?.plan?.config) &&
    ranges(e?.plan?.credentials)
  );
}

// The history file: appends one JSON line per entry, rotates past the size limit, reads both files back.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/history/entry.js';
import {
  appendEntry,
  HISTORY_LIMIT_BYTES,
  historyPath,
  readEntries,
} from '../../../src/history/history-file.js';
import { thrown } from '../../support/awsrole-error.js';

const entry = (profile: string): HistoryEntry => ({
  time: '2026-12-01T10:00:00.000Z',
  command: 'exec',
  profile,
  sourceProfile: 'default',
  source: 'sts',
  durationSeconds: 3600,
  mfa: false,
});

describe('history file', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const env = () => {
    root = mkdtempSync(join(tmpdir(), 'awsrole-history-'));
    return { XDG_STATE_HOME: join(root, 'state') };
  };

  it('creates the directory 0700 and the file 0600 on the first entry', () => {
    const e = env();
    appendEntry(e, entry('a'));
    appendEntry(e, entry('b'));
    expect(statSync(join(root, 'state', 'awsrole')).mode & 0o777).toBe(0o700);
    expect(statSync(historyPath(e)).mode & 0o777).toBe(0o600);
    expect(readEntries(e).map((x) => x.profile)).toEqual(['a', 'b']);
  });

  it('rotates past the size limit and still reads the older entries first', () => {
    const e = env();
    appendEntry(e, entry('first'));
    writeFileSync(historyPath(e), `${'x'.repeat(HISTORY_LIMIT_BYTES)}\n`, { flag: 'a' });
    appendEntry(e, entry('over'));
    expect(existsSync(historyPath(e))).toBe(false);
    appendEntry(e, entry('fresh'));
    expect(readEntries(e).map((x) => x.profile)).toEqual(['first', 'over', 'fresh']);
  });

  it('is empty when nothing was recorded, and under ~/.local/state without XDG_STATE_HOME', () => {
    expect(readEntries(env())).toEqual([]);
    expect(historyPath({ HOME: '/home/u' })).toBe('/home/u/.local/state/awsrole/history.jsonl');
  });

  it.each([
    [
      'a directory where the file should be',
      (dir: string) => mkdirSync(join(dir, 'awsrole', 'history.jsonl'), { recursive: true }),
      /history\.jsonl: EISDIR$/,
    ],
    [
      'a file where the directory should be',
      (dir: string) => {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'awsrole'), 'x');
      },
      /: ENOTDIR$/,
    ],
  ])('an unusable history path (%s) is one line naming the file, exit 3', (_, make, message) => {
    const e = env();
    make(e.XDG_STATE_HOME);
    const error = thrown(() => readEntries(e));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/^cannot read the history file /);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});

// doctor's history check: 0600 in 0700 and the user's own passes; anything others can reach fails with the chmod;
// a history or store directory that cannot be created (a regular file in its path) fails.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { historyCheck } from '../../../src/doctor/history-check.js';
import { fileDirCheck } from '../../../src/doctor/store-checks.js';

describe('historyCheck', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const setup = (dirMode: number, fileMode?: number) => {
    root = mkdtempSync(join(tmpdir(), 'awsrole-doctor-history-'));
    const dir = join(root, 'awsrole');
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, dirMode);
    if (fileMode !== undefined) {
      writeFileSync(join(dir, 'history.jsonl'), '', { mode: 0o600 });
      chmodSync(join(dir, 'history.jsonl'), fileMode);
    }
    return { env: { XDG_STATE_HOME: root }, dir, uid: process.getuid?.() };
  };

  it('passes 0600 in 0700', () => {
    const { env, uid } = setup(0o700, 0o600);
    expect(historyCheck(env, uid)).toMatchObject({ status: 'ok' });
  });

  it('fails a file others can read, naming the chmod', () => {
    const { env, dir, uid } = setup(0o700, 0o644);
    expect(historyCheck(env, uid)).toMatchObject({
      status: 'fail',
      message: `${join(dir, 'history.jsonl')} is 0644: others can read or change your history`,
      fix: `chmod 600 ${join(dir, 'history.jsonl')}`,
    });
  });

  it('fails a directory others can enter', () => {
    const { env, dir, uid } = setup(0o755);
    expect(historyCheck(env, uid)).toMatchObject({ status: 'fail', fix: `chmod 700 ${dir}` });
  });

  it('fails a file of another user', () => {
    const { env, uid } = setup(0o700, 0o600);
    expect(historyCheck(env, (uid ?? 0) + 1)).toMatchObject({ status: 'fail' });
  });
});

describe('a place awsrole creates on first use, blocked before it exists', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const blocker = () => {
    root = mkdtempSync(join(tmpdir(), 'awsrole-doctor-place-'));
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    return file;
  };

  it('history: a part of XDG_STATE_HOME that is a regular file fails, naming it (not "no history yet")', () => {
    const file = blocker();
    expect(historyCheck({ XDG_STATE_HOME: join(file, 'state') }, process.getuid?.())).toEqual({
      check: 'history',
      status: 'fail',
      message: `${file} is not a directory, so ${join(file, 'state', 'awsrole')} cannot be created`,
      fix: 'move what is in the way aside, or set XDG_STATE_HOME to a directory of your own',
    });
  });

  it('history: an awsrole "directory" that is a regular file fails', () => {
    blocker();
    writeFileSync(join(root, 'awsrole'), '', { mode: 0o600 });
    expect(historyCheck({ XDG_STATE_HOME: root }, process.getuid?.())).toMatchObject({
      status: 'fail',
      message: `${join(root, 'awsrole')} is not a directory, so ${join(root, 'awsrole')} cannot be used`,
    });
  });

  it('store directory: AWSROLE_FILE_DIR under a regular file fails (not "does not exist yet")', () => {
    const file = blocker();
    expect(fileDirCheck({ AWSROLE_FILE_DIR: join(file, 'store') }, process.getuid?.())).toEqual({
      check: 'store directory',
      status: 'fail',
      message: `${file} is not a directory, so ${join(file, 'store')} cannot be created`,
      fix: 'move what is in the way aside, or set AWSROLE_FILE_DIR to a directory of your own',
    });
  });
});

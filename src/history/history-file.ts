// The history file: where it lives, appending one entry (one small synchronous write), rotation, reading.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AwsroleError, ExitCode } from '../errors.js';
import type { HistoryEntry } from './entry.js';

/** Past this size the file becomes history.jsonl.1 (replacing the previous one) and a new one starts. */
export const HISTORY_LIMIT_BYTES = 1024 * 1024;
const FILE = 'history.jsonl';

// $XDG_STATE_HOME/awsrole, else ~/.local/state/awsrole (HOME from the environment, else the account's).
export function historyDir(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'awsrole');
}

// Whether entries are recorded: not with AWSROLE_HISTORY=off, nor in an environment without a home.
export function historyEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.AWSROLE_HISTORY !== 'off' && Boolean(env.XDG_STATE_HOME || env.HOME);
}

// The current history file (the rotated one is the same name plus ".1").
export function historyPath(env: NodeJS.ProcessEnv): string {
  return join(historyDir(env), FILE);
}

/**
 * One line, written with one write(2) on a file opened for appending, so
 * concurrent awsrole processes never interleave within an entry. The
 * directory is created only when the file is missing.
 */
export function appendEntry(env: NodeJS.ProcessEnv, entry: HistoryEntry): void {
  const path = historyPath(env);
  const line = `${JSON.stringify(entry)}\n`;
  let fd: number;
  try {
    fd = openSync(path, 'a', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(historyDir(env), { recursive: true, mode: 0o700 });
    fd = openSync(path, 'a', 0o600);
  }
  try {
    writeSync(fd, line);
    const stat = fstatSync(fd);
    if (stat.size > HISTORY_LIMIT_BYTES) rotate(path, stat.ino);
  } finally {
    closeSync(fd);
  }
}

/** Only the file this process wrote to: another one may have rotated it (and started anew) meanwhile. */
function rotate(path: string, ino: number): void {
  try {
    if (statSync(path).ino === ino) renameSync(path, `${path}.1`);
  } catch {
    // already rotated by another awsrole
  }
}

// Every entry, oldest first: the rotated file, then the current one; unreadable lines are skipped.
export function readEntries(env: NodeJS.ProcessEnv): HistoryEntry[] {
  const path = historyPath(env);
  return [`${path}.1`, path].flatMap((file) => parseLines(readOrEmpty(file)));
}

/** A file that is there but cannot be read is one line naming it, never an unexpected error. */
function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '';
    throw new AwsroleError(`cannot read the history file ${file}: ${code ?? 'unknown error'}`, {
      exitCode: ExitCode.config,
      hint:
        code === 'ENOTDIR' || code === 'EISDIR'
          ? 'a part of that path is not what it should be: move it aside, or set XDG_STATE_HOME to another directory'
          : 'check its permissions, or set XDG_STATE_HOME to another directory',
      cause: error,
    });
  }
}

function parseLines(text: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as HistoryEntry;
      if (typeof value.time === 'string' && typeof value.command === 'string') out.push(value);
    } catch {
      // a line cut short by a full disk: skip it
    }
  }
  return out;
}

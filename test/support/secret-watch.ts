import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A value that must not leak, with a label to report instead of the value. */
export type Secret = { label: string; value: string };

/** Any 16 characters of a secret count as a leak of it (a truncated or partly echoed secret too). */
const WINDOW = 16;

// The labels of the secrets that occur in the text (or bytes), in clear, base64 or hex.
export function findSecrets(data: string | Buffer, secrets: readonly Secret[]): string[] {
  const windows = new Map<string, string>();
  for (const { label, value } of secrets) {
    for (let i = 0; i + WINDOW <= value.length; i++) windows.set(value.slice(i, i + WINDOW), label);
  }
  const found = new Set<string>();
  const scan = (text: string) => {
    for (let i = 0; i + WINDOW <= text.length; i++) {
      const label = windows.get(text.slice(i, i + WINDOW));
      if (label) found.add(label);
    }
  };
  // latin1 maps every byte to one character: ASCII secrets match in binary data too.
  const text = typeof data === 'string' ? data : data.toString('latin1');
  scan(text);
  // A secret merely encoded is still in clear: decode base64 and hex runs and look again.
  for (const run of text.match(/[A-Za-z0-9+/_-]{24,}={0,2}/g) ?? []) {
    scan(Buffer.from(run, 'base64').toString('latin1'));
  }
  for (const run of text.match(/(?:[0-9a-fA-F]{2}){16,}/g) ?? []) {
    scan(Buffer.from(run, 'hex').toString('latin1'));
  }
  return [...found].sort();
}

/** What a process watch saw: every distinct command line and environment block. */
export type ProcessSightings = { cmdlines: Set<string>; environs: Set<string>; scans: number };

// Polls /proc/*/cmdline and /proc/*/environ of every process until stopped.
export function watchProcesses(intervalMs = 50): { stop(): ProcessSightings } {
  const seen: ProcessSightings = { cmdlines: new Set(), environs: new Set(), scans: 0 };
  const read = (path: string) => {
    try {
      return readFileSync(path, 'latin1');
    } catch {
      return ''; // gone meanwhile, or a kernel thread
    }
  };
  const scan = () => {
    seen.scans++;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const cmdline = read(`/proc/${pid}/cmdline`);
      if (cmdline) seen.cmdlines.add(cmdline);
      const environ = read(`/proc/${pid}/environ`);
      if (environ) seen.environs.add(environ);
    }
  };
  scan();
  const timer = setInterval(scan, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      scan();
      return seen;
    },
  };
}

/** One entry below a directory: its path, whether it is a directory, and its permission bits. */
export type TreeEntry = { path: string; dir: boolean; mode: number };

// Every file and directory below root (not root itself), without following symlinks.
export function walkTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(root, name);
    const info = lstatSync(path);
    out.push({ path, dir: info.isDirectory(), mode: info.mode & 0o777 });
    if (info.isDirectory()) out.push(...walkTree(path));
  }
  return out;
}

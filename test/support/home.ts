import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { forSuite } from './lifecycle.js';

export type TempHome = {
  /** The HOME directory itself (realpath-free: under the OS temp dir). */
  dir: string;
  /** A path inside HOME. */
  path(...parts: string[]): string;
  /** Writes a file inside HOME (parents created), returns its path. */
  write(relative: string, text: string | Buffer, mode?: number): string;
  /** Writes ~/.aws/config. */
  writeConfig(text: string): string;
  /** Every regular file under HOME, recursively (absolute paths). */
  files(): string[];
  remove(): void;
};

// A fresh, empty HOME in the OS temp dir; remove() deletes it.
export function makeHome(prefix = 'awsrole-home-'): TempHome {
  return homeAt(mkdtempSync(join(tmpdir(), prefix)));
}

// A HOME at the given path (created if missing); remove() deletes it.
export function homeAt(dir: string): TempHome {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (...parts: string[]) => join(dir, ...parts);
  const write = (relative: string, text: string | Buffer, mode?: number) => {
    const file = path(relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (mode !== undefined) chmodSync(file, mode);
    return file;
  };
  return {
    dir,
    path,
    write,
    writeConfig: (text) => write('.aws/config', text),
    files: () => listFiles(dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// Every regular file below a directory, recursively.
export function listFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = join(root, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/** Where awsrole keeps V8's compile cache below HOME (see src/runtime/compile-cache.ts). */
export const COMPILE_CACHE = '/.cache/awsrole/compile-cache/';

// A snapshot of a directory tree: relative path -> mode and content, to compare before/after.
export function snapshotTree(root: string): Record<string, string> {
  const snap: Record<string, string> = {};
  for (const file of listFiles(root)) {
    // V8's compile cache (~/.cache/awsrole/compile-cache) is no user data: runs may add to it.
    if (file.includes(COMPILE_CACHE)) continue;
    const mode = (statSync(file).mode & 0o777).toString(8);
    snap[file.slice(root.length)] = `${mode}:${readFileSync(file).toString('base64')}`;
  }
  return snap;
}

/** HOME and the AWS config and shared credentials files, all inside one directory. */
export type AwsFilesEnv = {
  HOME: string;
  AWS_CONFIG_FILE: string;
  AWS_SHARED_CREDENTIALS_FILE: string;
};

// An environment whose HOME, AWS config and shared credentials files are `config` and `credentials` in dir.
export function awsFilesEnv(dir: string): AwsFilesEnv {
  return {
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  };
}

// A temp HOME for the enclosing suite (removed after it), handed over with its awsFilesEnv.
export function useAwsFilesHome(
  prefix: string,
  use: (home: TempHome, env: AwsFilesEnv) => void,
): void {
  forSuite({ create: () => makeHome(prefix), dispose: (home) => home.remove() }, (home) =>
    use(home, awsFilesEnv(home.dir)),
  );
}

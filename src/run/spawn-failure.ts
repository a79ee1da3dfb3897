// Why a command could not start, found after the fact: a directory, a missing #! interpreter, or the usual.
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { AwsroleError, ExitCode } from '../errors.js';

/** The file the kernel was asked to run: the name itself with a slash, else its first match on PATH. */
function located(file: string, path: string | undefined): string | undefined {
  if (file.includes('/')) return exists(file) ? file : undefined;
  for (const dir of (path ?? '').split(delimiter)) {
    const candidate = join(dir || '.', file);
    if (exists(candidate)) return candidate;
  }
  return undefined;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The interpreter a `#!` line names, or undefined when the file has none. */
function interpreter(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(256);
    const read = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, read).toString('latin1');
    if (!text.startsWith('#!')) return undefined;
    return text
      .slice(2)
      .split('\n')[0]
      ?.replace(/^[ \t]+/, '')
      .split(/[ \t]+/)[0];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function cannot(file: string, why: string, hint: string): AwsroleError {
  return new AwsroleError(`cannot execute ${file}: ${why}`, {
    exitCode: ExitCode.notExecutable,
    hint,
  });
}

/** The reason when the file is there: a directory, a bad interpreter, or no execute permission. */
function presentFileReason(file: string, path: string, code: string | undefined) {
  if (statSync(path).isDirectory()) {
    return cannot(file, 'it is a directory', 'name a program to run, or cd into it first');
  }
  const interp = interpreter(path);
  if (interp !== undefined && code === 'ENOENT') {
    if (interp.endsWith('\r')) {
      return cannot(
        file,
        'its #! line ends with a carriage return (Windows line endings)',
        'convert the script to Unix line endings, e.g. with dos2unix',
      );
    }
    return cannot(
      file,
      `its interpreter ${interp} (named on its #! line) does not exist`,
      'install that interpreter or fix the #! line',
    );
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return cannot(
      file,
      'permission denied',
      'make it executable with chmod +x, or run it through its interpreter',
    );
  }
  return undefined;
}

// The error for a failed spawn of `file`, with the true reason when the file exists.
export function spawnFailure(
  file: string,
  code: string | undefined,
  detail: string,
  path: string | undefined,
): AwsroleError {
  const found = located(file, path);
  const reason = found === undefined ? undefined : presentFileReason(file, found, code);
  if (reason) return reason;
  if (code === 'ENOENT') {
    return new AwsroleError(`command not found: ${file}`, {
      exitCode: ExitCode.notFound,
      hint: 'check the spelling and your PATH',
    });
  }
  if (code === 'EACCES' || code === 'ENOEXEC') {
    return cannot(
      file,
      code === 'ENOEXEC' ? 'not a program the system can run' : 'permission denied',
      'run it through its interpreter',
    );
  }
  return new AwsroleError(`cannot start ${file}: ${code ?? detail.split('\n')[0]}`, {
    exitCode: ExitCode.notExecutable,
  });
}

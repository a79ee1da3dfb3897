// Stand-in commands for peers this machine cannot have (ykman without a YubiKey, pass-otp,
// macOS's osascript): small scripts on PATH that record how they were called and print an answer.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A stand-in on PATH: the argument lists of its calls, and the environment of its last. */
export type StandIn = { calls(): string[][]; lastEnv(): string };

// Writes `dir/name`, which records its arguments (and environment), says `stderr`, prints `stdout`.
export function standIn(
  dir: string,
  name: string,
  answer: { stdout: string; stderr?: string },
): StandIn {
  mkdirSync(dir, { recursive: true });
  const log = join(dir, `${name}.calls`);
  const env = join(dir, `${name}.env`);
  const lines = [
    '#!/bin/sh',
    `for a in "$@"; do printf '%s\\n' "$a"; done >> '${log}'`,
    `echo -- >> '${log}'`,
    `env > '${env}'`,
    ...(answer.stderr ? [`printf '%s\\n' '${answer.stderr}' >&2`] : []),
    `printf '%s\\n' '${answer.stdout}'`,
  ];
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  chmodSync(join(dir, name), 0o755);
  return {
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('--\n')
            .filter(Boolean)
            .map((call) => call.split('\n').slice(0, -1))
        : [],
    lastEnv: () => readFileSync(env, 'utf8'),
  };
}

// `awsrole history`: the local record of every credential issued or used (never a secret).
import { parseDuration } from '../config/duration.js';
import type { HistoryEntry } from '../history/entry.js';
import { historyPath, readEntries } from '../history/history-file.js';
import { type CommandResult, exitWith, type Io, type Services } from './context.js';

/** Parsed `history` options. */
export interface HistoryOptions {
  readonly since?: string | undefined;
  readonly profile?: string | undefined;
  readonly json: boolean;
}

// Prints the entries (oldest first) that match --since and --profile, as a table or JSON lines.
export async function historyCommand(
  options: HistoryOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const from =
    options.since === undefined
      ? Number.NEGATIVE_INFINITY
      : services.now() - parseDuration(options.since, 'history window (--since)') * 1000;
  const entries = readEntries(io.env).filter(
    (e) =>
      Date.parse(e.time) >= from &&
      (options.profile === undefined ||
        e.profile === options.profile ||
        e.sourceProfile === options.profile),
  );
  if (options.json) {
    io.out(`${JSON.stringify(entries, null, 2)}\n`);
    return exitWith(0);
  }
  if (entries.length === 0) {
    io.err(`awsrole: no history entries match (the history is in ${historyPath(io.env)})`);
    return exitWith(0);
  }
  for (const entry of entries) io.out(`${historyLine(entry)}\n`);
  return exitWith(0);
}

// One entry as a line: time, command, profile, where from, role, program and its exit.
export function historyLine(e: HistoryEntry): string {
  const parts = [
    e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    e.command.padEnd(18),
    e.profile,
    `from ${e.source}${e.mfa ? '+mfa' : ''}`,
  ];
  if (e.roleArn) parts.push(e.roleArn);
  if (e.sessionName) parts.push(`session ${e.sessionName}`);
  if (e.expiration) parts.push(`expires ${e.expiration.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`);
  if (e.program !== undefined) parts.push(`ran ${JSON.stringify(e.program)}`);
  if (e.exit !== undefined) parts.push(`exit ${e.exit}`);
  if (e.failed !== undefined) parts.push(`failed: ${e.failed}`);
  return parts.map((part) => visible(String(part))).join('  ');
}

/**
 * The file is plain text anyone with the account can edit, and names come
 * from configs and command lines: a control character (an escape sequence,
 * a carriage return) must not reach the terminal, so each is shown escaped.
 */
function visible(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

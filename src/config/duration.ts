// Parses and checks session durations ("15m", "1h", "3600s", "3600") with ms.
import ms from 'ms';
import { usageError } from '../errors.js';

/** STS AssumeRole bounds, in seconds. */
export const MIN_ROLE_DURATION = 900;
export const MAX_ROLE_DURATION = 43_200;
/** STS caps role-chained sessions at one hour. */
export const MAX_CHAINED_DURATION = 3600;
export const DEFAULT_ROLE_DURATION = 3600;

// Turns a user-supplied duration ("90m", "1h30m", "3600s", "3600") into whole seconds, or throws a usage error.
export function parseDuration(input: string | number, what = 'duration'): number {
  const text = String(input).trim();
  let millis: number | undefined;
  if (/^\d+$/.test(text)) {
    millis = Number(text) * 1000;
  } else if (/^(\d+(\.\d+)?\s*[a-z]+\s*)+$/i.test(text)) {
    // ms handles one unit; compound values such as 1h30m are summed part by part.
    const parts = text.match(/\d+(\.\d+)?\s*[a-z]+/gi) ?? [];
    const values = parts.map((part) => ms(part as ms.StringValue));
    millis = values.every((v) => typeof v === 'number' && Number.isFinite(v))
      ? values.reduce((sum, v) => sum + v, 0)
      : undefined;
  }
  if (millis === undefined || !Number.isSafeInteger(Math.round(millis / 1000))) {
    throw usageError(
      `invalid ${what} "${text}"`,
      'use a value such as 15m, 1h, 1h30m, 3600s, or a number of seconds',
    );
  }
  return Math.round(millis / 1000);
}

// Checks a role duration against STS's limits (one hour when role chaining).
export function checkRoleDuration(seconds: number, chained: boolean, given: string): number {
  const max = chained ? MAX_CHAINED_DURATION : MAX_ROLE_DURATION;
  if (seconds < MIN_ROLE_DURATION || seconds > max) {
    const range = chained ? '15m to 1h (role chaining is capped at 1h by STS)' : '15m to 12h';
    throw usageError(`duration ${given} is out of range`, `choose a duration from ${range}`);
  }
  return seconds;
}

// Formats seconds for messages: 3600 -> "1h", 5400 -> "1h30m".
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return m > 0 ? `${h}h${m}m` : `${h}h`;
  if (m > 0) return rest > 0 && m < 10 ? `${m}m${rest}s` : `${m}m`;
  return `${rest}s`;
}

// Formats a clock difference for messages, to the nearest minute from one minute up: 899.4 s -> "15m".
export function formatSkew(ms: number): string {
  const seconds = Math.abs(ms) / 1000;
  return formatSeconds(seconds >= 60 ? Math.round(seconds / 60) * 60 : Math.round(seconds));
}

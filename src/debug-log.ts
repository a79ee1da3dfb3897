// --debug / AWSROLE_DEBUG: one stderr line per decision, aws-vault style, secrets never shown.
import { maskKeyIds, printable } from './errors.js';

/** Writes one --debug line; absent (undefined) when --debug is off. */
export type DebugLog = (line: string) => void;

/** Setting names whose values are secrets: only the name is shown. */
const SECRET_SETTING = /secret|token|password|access_key_id/i;

// A DebugLog that writes "awsrole debug: <line>" through `err`, key ids masked, control characters escaped.
export function debugLog(err: (line: string) => void): DebugLog {
  return (line) => err(`awsrole debug: ${printable(maskKeyIds(line))}`);
}

// A profile's settings as "name=value, ..." for --debug, secret values masked.
export function describeSettings(settings: Readonly<Record<string, string | undefined>>): string {
  const shown = Object.entries(settings)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${SECRET_SETTING.test(name) ? '****' : value}`);
  return shown.length > 0 ? shown.join(', ') : '(no settings)';
}

// Milliseconds since `start` (a performance.now() reading), for timing lines.
export function elapsedMs(start: number): string {
  return `${Math.round(performance.now() - start)}ms`;
}

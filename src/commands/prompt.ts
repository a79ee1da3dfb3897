// `awsrole prompt`: the current session as a short "role (42m)" for shell prompts.
import type { CommandResult, Io } from './context.js';
import { exitWith } from './context.js';

/** Minutes are enough in a prompt, and they do not change on every redraw. */
function timeLeft(seconds: number): string {
  if (seconds <= 0) return 'expired';
  if (seconds < 60) return '<1m';
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${minutes}m`;
  const rest = minutes % 60;
  return rest === 0 ? `${hours}h` : `${hours}h${String(rest).padStart(2, '0')}m`;
}

// The prompt text for an environment: "role (42m)", "role" without an expiry, "" outside a session.
export function promptText(env: NodeJS.ProcessEnv, now: number): string {
  // The role is what the user typed; control characters must not reach a terminal prompt.
  const role = (env.AWSROLE ?? '').replace(/[\p{Cc}]/gu, '?');
  if (role === '') return '';
  const expiration = env.AWS_CREDENTIAL_EXPIRATION ?? env.AWS_SESSION_EXPIRATION;
  const at = expiration ? Date.parse(expiration) : Number.NaN;
  if (Number.isNaN(at)) return role;
  return `${role} (${timeLeft(Math.floor((at - now) / 1000))})`;
}

// Prints the prompt text (a line), or nothing outside an awsrole session; always succeeds.
export function promptCommand(io: Pick<Io, 'env' | 'out'>, now: () => number): CommandResult {
  const text = promptText(io.env, now());
  if (text !== '') io.out(`${text}\n`);
  return exitWith(0);
}

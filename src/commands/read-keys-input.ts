// Reads the long-term keys for `add` from the environment, a terminal prompt or stdin.
import type { Credentials } from '../credentials/credentials.js';
import { usageError } from '../errors.js';
import type { Io } from './context.js';

/** Where `add` takes the keys from. */
export type KeysSource = 'env' | 'prompt' | 'stdin';

// Picks the source: --env, else a prompt when stdin is a terminal, else stdin lines.
export function keysSource(fromEnv: boolean, io: Io): KeysSource {
  if (fromEnv) return 'env';
  return io.stdinIsTty ? 'prompt' : 'stdin';
}

// Reads an Access Key ID and Secret Access Key (trimmed) from the chosen source.
export async function readKeysInput(source: KeysSource, io: Io): Promise<Credentials> {
  if (source === 'env') {
    const id = io.env.AWS_ACCESS_KEY_ID?.trim();
    const secret = io.env.AWS_SECRET_ACCESS_KEY?.trim();
    if (!id || !secret) {
      throw usageError(
        '--env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment',
        'export both, or run without --env to be prompted',
      );
    }
    return { accessKeyId: id, secretAccessKey: secret };
  }
  if (source === 'prompt') {
    const prompter = io.prompter();
    if (!prompter)
      throw usageError(
        'no terminal to prompt on',
        'pipe the two values on stdin, one per line, or use --env',
      );
    const id = (await prompter.ask('Access Key ID: ')).trim();
    const secret = (await prompter.ask('Secret Access Key: ', { hidden: true })).trim();
    return { accessKeyId: id, secretAccessKey: secret };
  }
  const bytes = await io.readStdin();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw usageError(
      'stdin is not valid UTF-8',
      'pipe the Access Key ID and the Secret Access Key as two plain text lines',
    );
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length !== 2) {
    throw usageError(
      `expected 2 lines on stdin (Access Key ID, then Secret Access Key), got ${lines.length}`,
      'pipe exactly two lines, or run `awsrole add` in a terminal to be prompted',
    );
  }
  return { accessKeyId: lines[0] ?? '', secretAccessKey: lines[1] ?? '' };
}

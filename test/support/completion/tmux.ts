// An interactive shell in a private tmux server: keys are typed for real, the screen is read back.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type TmuxShell = {
  /** Types text literally (no key names). */
  type(text: string): Promise<void>;
  /** Presses keys by tmux name: Tab, Enter, C-u ... */
  press(...keys: string[]): Promise<void>;
  /** The visible screen, one string per line, trailing blanks trimmed. */
  screen(): Promise<string[]>;
  /** Waits until some screen line satisfies `test`; returns it. */
  waitForLine(test: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
};

// Starts `argv` in a new tmux server of its own (its socket in a temp dir) with `env`.
export async function startTmux(argv: string[], env: Record<string, string>): Promise<TmuxShell> {
  const dir = mkdtempSync(join(tmpdir(), 'awsrole-tmux-'));
  const socket = join(dir, 'socket');
  const tmux = (...args: string[]) =>
    run('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env });
  await tmux('new-session', '-d', '-x', '160', '-y', '40', '--', ...argv);
  const screen = async () => {
    const { stdout } = await tmux('capture-pane', '-p');
    return stdout.split('\n').map((l) => l.trimEnd());
  };
  return {
    type: async (text) => {
      await tmux('send-keys', '-l', text);
    },
    press: async (...keys) => {
      await tmux('send-keys', ...keys);
    },
    screen,
    waitForLine: async (test, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await screen()).find(test);
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          throw new Error(`no matching line on screen:\n${(await screen()).join('\n')}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      await tmux('kill-server').catch(() => undefined);
      // The server exits after answering; wait until it no longer does.
      for (let i = 0; i < 40; i++) {
        if (
          await tmux('has-session').then(
            () => false,
            () => true,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

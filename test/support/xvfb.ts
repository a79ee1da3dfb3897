// A private X display for desktop-prompt tests: Xvfb on a free display number, and xdotool to
// answer the dialogs that appear on it (type a code and press Enter, or cancel with Escape).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { onPath } from './on-path.js';
import { requirePeer } from './require-peer.js';
import { stopGroup } from './spawn-collected.js';

const run = promisify(execFile);

/** A running Xvfb: its DISPLAY value and how to stop it. */
export type Xvfb = { display: string; stop(): Promise<void> };

// True when Xvfb, xdotool and the dialog (zenity unless named) are here (fails in CI when they are not).
export function desktopPeersPresent(dialog: 'zenity' | 'kdialog' = 'zenity'): boolean {
  return ['Xvfb', 'xdotool', dialog].every((tool) => requirePeer(tool, onPath(tool)));
}

/**
 * Xvfb picks a free display number itself (-displayfd) and writes it once it
 * accepts connections, so there is neither a guess nor a wait.
 */
export async function startXvfb(): Promise<Xvfb> {
  const child: ChildProcess = spawn(
    'Xvfb',
    ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1024x768x24'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += String(chunk);
  });
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (chunk: Buffer) => {
      text += String(chunk);
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr}`)));
    child.once('error', reject);
  });
  return { display: `:${number}`, stop: () => stopGroup(child, 2_000) };
}

/** xdotool on the given display; a dialog that never appears fails after timeoutMs. */
function xdotool(display: string, args: string[], timeoutMs = 20_000) {
  return run('xdotool', args, {
    env: { PATH: process.env.PATH ?? '', DISPLAY: display },
    timeout: timeoutMs,
  });
}

// Waits until a window whose title matches `title` is shown; returns its window ids.
export async function waitForWindow(display: string, title: string): Promise<string[]> {
  const { stdout } = await xdotool(display, ['search', '--sync', '--onlyvisible', '--name', title]);
  return stdout.split('\n').filter(Boolean);
}

// The windows with that title shown now (none: an empty list).
export async function windowsNow(display: string, title: string): Promise<string[]> {
  try {
    const { stdout } = await xdotool(display, ['search', '--onlyvisible', '--name', title]);
    return stdout.split('\n').filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

// Focuses the window, types the text and presses Enter (no window manager needed).
export async function typeInto(display: string, window: string, text: string): Promise<void> {
  await xdotool(display, ['windowfocus', '--sync', window]);
  await xdotool(display, ['type', '--delay', '20', text]);
  await xdotool(display, ['key', 'Return']);
}

// Focuses the window and presses Escape: the dialog's Cancel.
export async function cancelWindow(display: string, window: string): Promise<void> {
  await xdotool(display, ['windowfocus', '--sync', window]);
  await xdotool(display, ['key', 'Escape']);
}

// Shared e2e plumbing for the credential server suites: seeded moto, fixtures, /proc scans.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliEnv } from '../cli.js';
import { type Moto, startMoto } from '../moto.js';
import { seedWalkthrough, WALKTHROUGH_FREE_CALLS, type Walkthrough } from '../walkthrough.js';

/** Executable child scripts the suites run under awsrole. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

// The argv of `awsrole exec --server FLAGS S3_Full_Access -- COMMAND...`.
export function execServerArgs(
  command: readonly string[],
  flags: readonly string[] = [],
): string[] {
  return ['exec', '--server', ...flags, 'S3_Full_Access', '--', ...command];
}

// moto_server with IAM enforcement, seeded with the walkthrough, the role already trusting the user.
export async function trustedWalkthrough(): Promise<{ moto: Moto; w: Walkthrough }> {
  const moto = await startMoto({ initialNoAuthActionCount: WALKTHROUGH_FREE_CALLS });
  try {
    const w = await seedWalkthrough(moto);
    await w.trustUser();
    return { moto, w };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}

// The last line of a child's stdout, parsed as JSON.
export function lastJson<T>(stdout: string): T {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`child printed no JSON: ${stdout}`);
  }
}

// Pids of every process whose argv contains the text (all of /proc, not just ours).
export function argvContaining(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (cmdline.includes(text)) found.push(Number(entry));
  }
  return found;
}

// Resolves once the file exists (a child's "ready" marker), or rejects after timeoutMs.
export async function waitForFile(path: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The output of each phase of fixtures/two-phase.sh (what "$@" printed before phase1:, then before phase2:).
export function phaseOutputs(stdout: string): [string, string] {
  const [first = '', rest = ''] = stdout.split(/^phase1:\d+$/m);
  const [second = ''] = rest.split(/^phase2:\d+$/m);
  return [first, second];
}

// Runs the aws CLI directly (no awsrole) with PATH, HOME and the given variables only.
export function runAws(
  args: readonly string[],
  env: Record<string, string> & { HOME: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      [...args],
      { env: cliEnv({ LANG: 'C.UTF-8', ...env }), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

// Times commands in alternating rounds (so machine noise hits every case alike): hyperfine when installed, else a loop.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One command to time. */
export interface Case {
  readonly name: string;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** Its median and spread in milliseconds. */
export interface Result {
  readonly name: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly tool: 'hyperfine' | 'loop';
}

function quote(arg: string): string {
  return /^[\w./:=@%+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** One hyperfine batch of a case; undefined when hyperfine failed. */
function hyperfineTimes(c: Case, runs: number): number[] | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'awsrole-hf-'));
  try {
    const out = join(dir, 'out.json');
    const command = c.argv.map(quote).join(' ');
    const args = ['-N', '--warmup', '2', '--runs', String(runs), '--export-json', out, command];
    const run = spawnSync('hyperfine', args, { env: c.env, stdio: 'ignore' });
    if (run.status !== 0) return undefined;
    const report = JSON.parse(readFileSync(out, 'utf8')) as { results: { times: number[] }[] };
    return (report.results[0]?.times ?? []).map((t) => t * 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rounds of hyperfine batches, case after case, so each case sees every phase of the noise. */
function withHyperfine(cases: readonly Case[], runs: number, rounds: number): Result[] | undefined {
  const times = cases.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of cases.entries()) {
      const batch = hyperfineTimes(c, Math.max(2, Math.ceil(runs / rounds)));
      if (!batch) return undefined;
      times[i]?.push(...batch);
    }
  }
  return cases.map((c, i) => summary(c.name, times[i] ?? [], 'hyperfine'));
}

function summary(name: string, ms: number[], tool: Result['tool']): Result {
  return { name, medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), tool };
}

/** Round-robin over all cases so machine noise hits each of them alike. */
function withLoop(cases: readonly Case[], runs: number): Result[] {
  const times = cases.map(() => [] as number[]);
  for (let round = -3; round < runs; round++) {
    cases.forEach((c, i) => {
      const start = process.hrtime.bigint();
      spawnSync(c.argv[0] ?? '', c.argv.slice(1), { env: c.env, stdio: 'ignore' });
      if (round >= 0) times[i]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return cases.map((c, i) => summary(c.name, times[i] ?? [], 'loop'));
}

// Times every case in alternating rounds: hyperfine batches when present, else a round-robin loop.
export async function measure(cases: readonly Case[], runs: number): Promise<Result[]> {
  const hyperfine =
    spawnSync('hyperfine', ['--version']).status === 0 && process.env.BENCH_TOOL !== 'loop';
  return (hyperfine ? withHyperfine(cases, runs, 4) : undefined) ?? withLoop(cases, runs);
}
